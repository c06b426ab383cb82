package translations

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Every user-visible string of the kiosk. `goi18n extract` reads this file;
// active.en-GB.toml must hold each ID (a test checks).

// Language picker.
var LangName = &i18n.Message{ID: "Lang.Name", Other: "English (UK)"}

// Pupil list.
var (
	AppTitle        = &i18n.Message{ID: "App.Title", Other: "SMART Kiosk"}
	HomeChooseClass = &i18n.Message{ID: "Home.ChooseClass", Other: "Choose a class"}
	HomeChoosePupil = &i18n.Message{ID: "Home.ChoosePupil", Other: "{{.Class}}: choose a pupil"}
	HomeNoPupils    = &i18n.Message{ID: "Home.NoPupils", Other: "There are no pupils on this kiosk yet. An adult can import the class list."}
	HomeLoadFailed  = &i18n.Message{ID: "Home.LoadFailed", Other: "The class list could not be read. Restart the kiosk; if this happens again, tell the school's IT manager."}
	NavBack         = &i18n.Message{ID: "Nav.Back", Other: "Back"}
	NavStartAgain   = &i18n.Message{ID: "Nav.StartAgain", Other: "Stop and go back to the class list"}
	WelcomeHello    = &i18n.Message{ID: "Welcome.Hello", Other: "Hello {{.Name}}"}
	WelcomeIntro    = &i18n.Message{ID: "Welcome.Intro", Other: "Let's learn the rules for using computers and the internet safely."}
	WelcomeStart    = &i18n.Message{ID: "Welcome.Start", Other: "Start"}
	RuleAgree       = &i18n.Message{ID: "Rule.Agree", Other: "Yes, I agree"}
	RuleNotSure     = &i18n.Message{ID: "Rule.NotSure", Other: "Not sure"}
	RuleHeading     = &i18n.Message{ID: "Rule.Heading", Other: "{{.Letter}} is for {{.Heading}}"}
	HandoverTitle   = &i18n.Message{ID: "Handover.Title", Other: "Well done! Please give the tablet to your adult."}
)

// The adult home, when the kiosk is not running the pack it should (kioskcli.PackNotice).
var (
	HomePackFailed       = &i18n.Message{ID: "Home.PackFailed", Other: "The policy pack the hub sent, {{.Failed}}, could not be loaded, so this tablet is using the pack {{.Using}} instead. Please tell the school's IT manager: the kiosk's log says what is wrong with the pack."}
	HomePackUnreadable   = &i18n.Message{ID: "Home.PackUnreadable", Other: "The policy pack the hub sent could not be read, so this tablet is using the pack {{.Using}} instead. Please tell the school's IT manager: the kiosk's log says what is wrong with the pack."}
	HomeRecordingsFailed = &i18n.Message{ID: "Home.RecordingsFailed", Other: "The school's own recordings for the pack {{.Pack}} could not be used, so pupils hear the pack's own narration. Please tell the school's IT manager: the kiosk's log says which recording is wrong."}
)

// Countersign and saving (adult-facing).
var (
	CountersignSummary    = &i18n.Message{ID: "Countersign.Summary", Other: "{{.Form}} ({{.Band}}): {{.Agreed}} of {{.Total}} answered \"Yes, I agree\"."}
	CountersignFollowUps  = &i18n.Message{ID: "Countersign.FollowUps", One: "{{.Count}} answer needs follow-up teaching.", Other: "{{.Count}} answers need follow-up teaching."}
	CountersignEnterPIN   = &i18n.Message{ID: "Countersign.EnterPIN", Other: "Type your own staff PIN, then choose Next."}
	CountersignConfirm    = &i18n.Message{ID: "Countersign.Confirm", Other: "Countersign and save"}
	CountersignClear      = &i18n.Message{ID: "Countersign.Clear", Other: "Clear"}
	CountersignNeedPIN    = &i18n.Message{ID: "Countersign.NeedPIN", Other: "Type your PIN first."}
	CountersignWrongPIN   = &i18n.Message{ID: "Countersign.WrongPIN", Other: "That PIN does not match a member of staff. Nothing has been saved. Try again."}
	CountersignSaveFailed = &i18n.Message{ID: "Countersign.SaveFailed", Other: "The sign-off could not be saved, so nothing was recorded. Try again; if it keeps failing, tell the school's IT manager."}
	CountersignAlready    = &i18n.Message{ID: "Countersign.Already", Other: "This sign-off was already saved. Nothing was saved twice."}
	SavedTitle            = &i18n.Message{ID: "Saved.Title", Other: "Saved"}
	SavedBody             = &i18n.Message{ID: "Saved.Body", Other: "{{.Name}}'s agreement is saved, countersigned by {{.Adult}}."}
	SavedDone             = &i18n.Message{ID: "Saved.Done", Other: "Finished"}
	SavedNextPrompt       = &i18n.Message{ID: "Saved.NextPrompt", Other: "To choose the next pupil, type your own staff PIN."}
	AnswerAgreeShort      = &i18n.Message{ID: "Answer.Agree", Other: "Yes"}
	AnswerNotSureShort    = &i18n.Message{ID: "Answer.NotSure", Other: "Not sure"}
)

// Pupil experience.
var (
	RuleReplay        = &i18n.Message{ID: "Rule.Replay", Other: "Replay"}
	RuleStop          = &i18n.Message{ID: "Rule.Stop", Other: "Stop"}
	RuleNoClear       = &i18n.Message{ID: "Rule.NoClear", Other: "No clear response"}
	MarkTitle         = &i18n.Message{ID: "Mark.Title", Other: "Your turn to make your mark."}
	MarkDone          = &i18n.Message{ID: "Mark.Done", Other: "Done"}
	MarkClear         = &i18n.Message{ID: "Mark.Clear", Other: "Start again"}
	MarkUseTick       = &i18n.Message{ID: "Mark.UseTick", Other: "Use a tick"}
	MarkUsePad        = &i18n.Message{ID: "Mark.UsePad", Other: "Draw instead"}
	MarkTick          = &i18n.Message{ID: "Mark.Tick", Other: "I agree"}
	MarkEmpty         = &i18n.Message{ID: "Mark.Empty", Other: "Draw your mark in the box first, or choose the tick."}
	FinishedTitle     = &i18n.Message{ID: "Finished.Title", Other: "Well done! You have finished."}
	CreditsTitle      = &i18n.Message{ID: "Credits.Title", Other: "Credits"}
	CreditsOpen       = &i18n.Message{ID: "Credits.Open", Other: "Credits"}
	CreditsMissing    = &i18n.Message{ID: "Credits.Missing", Other: "Pictures: OpenMoji, the open-source emoji and icon project, CC BY-SA 4.0. Font: Andika by SIL International, SIL Open Font License 1.1."}
	ProfileTitle      = &i18n.Message{ID: "Profile.Title", Other: "Access settings for {{.Name}}"}
	ProfileSave       = &i18n.Message{ID: "Profile.Save", Other: "Save"}
	ProfileCancel     = &i18n.Message{ID: "Profile.Cancel", Other: "Cancel"}
	ProfileSaveFailed = &i18n.Message{ID: "Profile.SaveFailed", Other: "The settings could not be saved. Try again; if it keeps failing, tell the school's IT manager."}
	ProfileAutoPlay   = &i18n.Message{ID: "Profile.AutoPlay", Other: "Narration starts by itself"}
	ProfileAnswers    = &i18n.Message{ID: "Profile.Answers", Other: "Answers"}
	ProfileMark       = &i18n.Message{ID: "Profile.Mark", Other: "Pupil's mark"}
	ProfileScan       = &i18n.Message{ID: "Profile.Scan", Other: "Switches (two: Space moves; one: Space selects)"}
	ProfileScanStep   = &i18n.Message{ID: "Profile.ScanStep", Other: "Auto-scan speed: {{.Seconds}} s a step"}
	ProfileTapGuard   = &i18n.Message{ID: "Profile.TapGuard", Other: "Ignore taps after a screen change: {{.Seconds}} s"}
	ProfileHold       = &i18n.Message{ID: "Profile.Hold", Other: "Hold to select: {{.Seconds}} s"}
	ProfileRepeat     = &i18n.Message{ID: "Profile.Repeat", Other: "Ignore repeated taps within: {{.Seconds}} s"}
	ProfileSpeak      = &i18n.Message{ID: "Profile.Speak", Other: "Say the highlighted choice aloud"}
	ProfileOn         = &i18n.Message{ID: "Profile.On", Other: "On"}
	ProfileOff        = &i18n.Message{ID: "Profile.Off", Other: "Off"}
	ProfileStandard   = &i18n.Message{ID: "Profile.Standard", Other: "Three answers"}
	ProfileTwoChoice  = &i18n.Message{ID: "Profile.TwoChoice", Other: "Yes or not sure"}
	ProfileDraw       = &i18n.Message{ID: "Profile.Draw", Other: "Draw"}
	ProfileBigTick    = &i18n.Message{ID: "Profile.BigTick", Other: "One big tick"}
	ProfileTwoSwitch  = &i18n.Message{ID: "Profile.TwoSwitch", Other: "Two switches"}
	ProfileAutoScan   = &i18n.Message{ID: "Profile.AutoScan", Other: "One switch, auto-scan"}
	ProfileLess       = &i18n.Message{ID: "Profile.Less", Other: "Less"}
	ProfileMore       = &i18n.Message{ID: "Profile.More", Other: "More"}
)

// Records: a full disk, and a damaged database repaired from a backup (adult-facing).
var (
	CountersignDiskFull      = &i18n.Message{ID: "Countersign.DiskFull", Other: "The tablet's storage is full, so the sign-off could not be saved and nothing was recorded. The answers are kept: ask the school's IT manager to free some space, then choose Countersign and save again."}
	RecoveryTitle            = &i18n.Message{ID: "Recovery.Title", Other: "The kiosk's records were repaired"}
	RecoveryRestored         = &i18n.Message{ID: "Recovery.Restored", Other: "The kiosk's database was damaged. It was put aside, untouched, as {{.Moved}}, and the backup from {{.Day}} was put back."}
	RecoveryLost             = &i18n.Message{ID: "Recovery.Lost", One: "{{.Count}} sign-off saved after that backup could not be recovered (record {{.IDs}}): that pupil needs to sign again.", Other: "{{.Count}} sign-offs saved after that backup could not be recovered (records {{.IDs}}): those pupils need to sign again."}
	RecoveryNoneLost         = &i18n.Message{ID: "Recovery.NoneLost", Other: "Every sign-off in the damaged database is also in the backup, so none were lost."}
	RecoveryLostSomeIDs      = &i18n.Message{ID: "Recovery.LostSomeIDs", Other: "{{.Count}} sign-offs saved after that backup could not be recovered; the record ids of {{.Known}} of them could be read ({{.IDs}}). Those pupils need to sign again: the class lists show who has not signed."}
	RecoveryLostNoIDs        = &i18n.Message{ID: "Recovery.LostNoIDs", One: "{{.Count}} sign-off saved after that backup could not be recovered, and its record id could not be read: the class lists show who has not signed.", Other: "{{.Count}} sign-offs saved after that backup could not be recovered, and their record ids could not be read: the class lists show who has not signed."}
	RecoveryNoneFound        = &i18n.Message{ID: "Recovery.NoneFound", Other: "No sign-off saved after that backup was found in the damaged database, but part of it could not be read, so some may be missing: check the class lists for pupils who have not signed."}
	RecoveryChanges          = &i18n.Message{ID: "Recovery.Changes", Other: "These changes made since {{.Day}} were taken back with the backup and need making again: {{.List}}."}
	RecoveryChangesUnknown   = &i18n.Message{ID: "Recovery.ChangesUnknown", Other: "The class lists, adults and settings are as they were on {{.Day}}: anything changed since then needs changing again."}
	RecoveryRoster           = &i18n.Message{ID: "Recovery.Roster", One: "a class list imported", Other: "class lists imported {{.Count}} times"}
	RecoveryStaffAdded       = &i18n.Message{ID: "Recovery.StaffAdded", One: "an adult added", Other: "{{.Count}} adults added"}
	RecoveryStaffDeactivated = &i18n.Message{ID: "Recovery.StaffDeactivated", One: "an adult deactivated", Other: "{{.Count}} adults deactivated"}
	RecoveryPINChanged       = &i18n.Message{ID: "Recovery.PINChanged", One: "a PIN changed", Other: "{{.Count}} PINs changed"}
	RecoveryProfile          = &i18n.Message{ID: "Recovery.Profile", One: "a pupil's access settings changed", Other: "pupils' access settings changed {{.Count}} times"}
	RecoveryBand             = &i18n.Message{ID: "Recovery.Band", One: "a pupil's band changed", Other: "pupils' bands changed {{.Count}} times"}
	RecoveryTabletMode       = &i18n.Message{ID: "Recovery.TabletMode", Other: "what the tablet is for"}
	RecoveryHubEnrolled      = &i18n.Message{ID: "Recovery.HubEnrolled", Other: "the connection to the school hub"}
	RecoveryOnHub            = &i18n.Message{ID: "Recovery.OnHub", One: "{{.Count}} of them had already reached the school's hub, which keeps it: the hub's pages show it.", Other: "{{.Count}} of them had already reached the school's hub, which keeps them: the hub's pages show them."}
	RecoveryTellIT           = &i18n.Message{ID: "Recovery.TellIT", Other: "Please tell the school's IT manager."}
	RecoveryOK               = &i18n.Message{ID: "Recovery.OK", Other: "OK"}
	RecoveryFinished         = &i18n.Message{ID: "Recovery.Finished", Other: "The kiosk was putting back a backup of its damaged database when it stopped; that has now been finished. Sign-offs made after that backup may be missing."}
)

// Signing in, the adult area and kiosk mode (adult-facing).
var (
	PINCheckFailed  = &i18n.Message{ID: "PIN.CheckFailed", Other: "The PIN could not be checked. Try again; if it keeps failing, tell the school's IT manager."}
	PINLocked       = &i18n.Message{ID: "PIN.Locked", Other: "Too many wrong PINs. PIN entry is locked for {{.Wait}}; then try again."}
	StartSignIn     = &i18n.Message{ID: "Start.SignIn", Other: "Adults: sign in"}
	StartPrompt     = &i18n.Message{ID: "Start.Prompt", Other: "Type your own staff PIN to open the adult area."}
	StartOpen       = &i18n.Message{ID: "Start.Open", Other: "Open"}
	StartNoStaff    = &i18n.Message{ID: "Start.NoStaff", Other: "No adults are set up on this kiosk yet. The school's IT manager adds the first admin with: smartkiosk staff add --role admin --name \"…\""}
	StartWelcome    = &i18n.Message{ID: "Start.Welcome", Other: "Online safety rules"}
	AdultSignedIn   = &i18n.Message{ID: "Adult.SignedIn", Other: "Signed in: {{.Name}}"}
	AdultLock       = &i18n.Message{ID: "Adult.Lock", Other: "Lock"}
	AdultClose      = &i18n.Message{ID: "Adult.Close", Other: "Close the kiosk"}
	AdultRoster     = &i18n.Message{ID: "Adult.Roster", Other: "Import class lists"}
	AdultStaff      = &i18n.Message{ID: "Adult.Staff", Other: "Staff"}
	AdultAudit      = &i18n.Message{ID: "Adult.Audit", Other: "Audit log"}
	AdultWaiting    = &i18n.Message{ID: "Adult.Waiting", One: "{{.Count}} record on this tablet is waiting to go to the school's hub.", Other: "{{.Count}} records on this tablet are waiting to go to the school's hub."}
	AdultClassLine  = &i18n.Message{ID: "Adult.ClassLine", Other: "{{.Class}}: {{.Signed}} of {{.Total}} signed"}
	CloseTitle      = &i18n.Message{ID: "Close.Title", Other: "Close the kiosk"}
	ClosePrompt     = &i18n.Message{ID: "Close.Prompt", Other: "An adult's PIN is needed to close the kiosk. Type yours, then choose Close."}
	CloseConfirm    = &i18n.Message{ID: "Close.Confirm", Other: "Close"}
	CloseCancel     = &i18n.Message{ID: "Close.Cancel", Other: "Cancel"}
	StatusNotStart  = &i18n.Message{ID: "Status.NotStarted", Other: "Not started"}
	StatusDraft     = &i18n.Message{ID: "Status.Draft", Other: "Started, not countersigned"}
	StatusSigned    = &i18n.Message{ID: "Status.Signed", Other: "Signed for version {{.Version}}"}
	StatusFollowUp  = &i18n.Message{ID: "Status.FollowUp", One: "{{.Count}} to teach again", Other: "{{.Count}} to teach again"}
	StatusSupported = &i18n.Message{ID: "Status.Supported", Other: "physically supported"}
	StatusParent    = &i18n.Message{ID: "Status.ParentPending", Other: "parent/carer form to do"}
	StatusParentOK  = &i18n.Message{ID: "Status.ParentDone", Other: "parent/carer form done"}
)

// One pupil's page in the adult area.
var (
	PupilTitle      = &i18n.Message{ID: "Pupil.Title", Other: "{{.Name}}, {{.Class}}"}
	PupilBand       = &i18n.Message{ID: "Pupil.Band", Other: "Band: {{.Title}} ({{.Alias}})"}
	PupilNoBand     = &i18n.Message{ID: "Pupil.NoBand", Other: "No band chosen in this policy yet: choose one below, then start."}
	PupilNoForm     = &i18n.Message{ID: "Pupil.NoForm", Other: "This tablet's policy has no pupil agreement (it is set up for reception sign-offs)."}
	PupilStart      = &i18n.Message{ID: "Pupil.Start", Other: "Start the sign-off"}
	PupilContinue   = &i18n.Message{ID: "Pupil.Continue", Other: "Continue the sign-off"}
	PupilDiscard    = &i18n.Message{ID: "Pupil.Discard", Other: "Discard the unfinished sign-off"}
	PupilParent     = &i18n.Message{ID: "Pupil.Parent", Other: "Parent/carer form"}
	PupilSettings   = &i18n.Message{ID: "Pupil.Settings", Other: "Access settings"}
	PupilSetBand    = &i18n.Message{ID: "Pupil.SetBand", Other: "Change band"}
	PupilHistory    = &i18n.Message{ID: "Pupil.History", Other: "Records, newest first"}
	PupilNoRecords  = &i18n.Message{ID: "Pupil.NoRecords", Other: "No records yet."}
	PupilRecordLine = &i18n.Message{ID: "Pupil.RecordLine", Other: "{{.Date}}: {{.Form}}, version {{.Version}}, {{.Kind}} by {{.Adult}}{{.Extra}}"}
	PupilCorrect    = &i18n.Message{ID: "Pupil.Correct", Other: "Correct"}
	PupilVoid       = &i18n.Message{ID: "Pupil.Void", Other: "Void"}
	PupilSuperseded = &i18n.Message{ID: "Pupil.Superseded", Other: " (replaced by a later record)"}
	PupilFailed     = &i18n.Message{ID: "Pupil.Failed", Other: "That could not be saved, so nothing changed. Try again; if it keeps failing, tell the school's IT manager."}
	PupilCantResume = &i18n.Message{ID: "Pupil.CantResume", Other: "The unfinished sign-off was for another band, so it cannot be continued. Discard it and start again."}
	KindAgreement   = &i18n.Message{ID: "Kind.agreement", Other: "countersigned"}
	KindCorrection  = &i18n.Message{ID: "Kind.correction", Other: "corrected"}
	KindVoid        = &i18n.Message{ID: "Kind.void", Other: "voided"}
	KindParentAck   = &i18n.Message{ID: "Kind.parent", Other: "acknowledged by a parent/carer, witnessed"}
)

// The parent/carer acknowledgement (adult-facing: the parent reads it).
var (
	ParentRelationship = &i18n.Message{ID: "Parent.Relationship", Other: "Your relationship to {{.Name}}"}
	ParentName         = &i18n.Message{ID: "Parent.Name", Other: "Parent/Carer's name"}
	ParentSignature    = &i18n.Message{ID: "Parent.Signature", Other: "Parent/Carer's signature"}
	ParentSave         = &i18n.Message{ID: "Parent.Save", Other: "Acknowledge and save"}
	ParentIncomplete   = &i18n.Message{ID: "Parent.Incomplete", Other: "Choose the relationship, type the parent's or carer's name and sign in the box first."}
	ParentNoForm       = &i18n.Message{ID: "Parent.NoForm", Other: "This policy pack has no parent/carer form."}
	ParentSaved        = &i18n.Message{ID: "Parent.Saved", Other: "Thank you. The acknowledgement is saved."}
	RelParent          = &i18n.Message{ID: "Relationship.parent", Other: "Parent"}
	RelStepParent      = &i18n.Message{ID: "Relationship.step_parent", Other: "Step-parent"}
	RelCarer           = &i18n.Message{ID: "Relationship.carer", Other: "Carer"}
	RelFosterCarer     = &i18n.Message{ID: "Relationship.foster_carer", Other: "Foster carer"}
	RelGuardian        = &i18n.Message{ID: "Relationship.guardian", Other: "Guardian"}
	RelGrandparent     = &i18n.Message{ID: "Relationship.grandparent", Other: "Grandparent"}
	RelOther           = &i18n.Message{ID: "Relationship.other", Other: "Other"}
)

// Staff accounts and the audit log (admins).
var (
	StaffTitle      = &i18n.Message{ID: "Staff.Title", Other: "Staff on this kiosk"}
	StaffAdd        = &i18n.Message{ID: "Staff.Add", Other: "Add an adult"}
	StaffName       = &i18n.Message{ID: "Staff.Name", Other: "Name"}
	StaffRole       = &i18n.Message{ID: "Staff.Role", Other: "Role"}
	StaffPIN        = &i18n.Message{ID: "Staff.PIN", Other: "Their own PIN ({{.Min}} digits or more; they can change it later)"}
	StaffPINAgain   = &i18n.Message{ID: "Staff.PINAgain", Other: "The PIN again"}
	StaffSave       = &i18n.Message{ID: "Staff.Save", Other: "Save"}
	StaffDeactivate = &i18n.Message{ID: "Staff.Deactivate", Other: "Deactivate"}
	StaffNewPIN     = &i18n.Message{ID: "Staff.NewPIN", Other: "New PIN"}
	StaffInactive   = &i18n.Message{ID: "Staff.Inactive", Other: "{{.Name}} ({{.Role}}, deactivated)"}
	StaffLine       = &i18n.Message{ID: "Staff.Line", Other: "{{.Name}} ({{.Role}})"}
	StaffMismatch   = &i18n.Message{ID: "Staff.Mismatch", Other: "The two PINs are not the same. Type them again."}
	StaffBadPIN     = &i18n.Message{ID: "Staff.BadPIN", Other: "A PIN is digits only, at least {{.Min}} of them."}
	StaffPINInUse   = &i18n.Message{ID: "Staff.PINInUse", Other: "Another adult already has that PIN. Choose a different one."}
	StaffNeedName   = &i18n.Message{ID: "Staff.NeedName", Other: "Type the adult's name."}
	StaffLastAdmin  = &i18n.Message{ID: "Staff.LastAdmin", Other: "This is the kiosk's only admin. Add another admin first."}
	StaffFailed     = &i18n.Message{ID: "Staff.Failed", Other: "That could not be saved. Try again; if it keeps failing, tell the school's IT manager."}
	RoleTA          = &i18n.Message{ID: "Role.ta", Other: "Teaching assistant"}
	RoleTeacher     = &i18n.Message{ID: "Role.teacher", Other: "Teacher"}
	RoleAdmin       = &i18n.Message{ID: "Role.admin", Other: "Admin"}
	AuditTitle      = &i18n.Message{ID: "Audit.Title", Other: "Audit log (newest first)"}
	AuditLine       = &i18n.Message{ID: "Audit.Line", Other: "{{.When}}  {{.Who}}  {{.Action}} {{.Detail}}"}
	AuditNoOne      = &i18n.Message{ID: "Audit.NoOne", Other: "(no adult)"}
	AuditIntact     = &i18n.Message{ID: "Audit.Intact", Other: "The log's chain of entries is intact."}
	AuditBroken     = &i18n.Message{ID: "Audit.Broken", Other: "Warning: the log has been changed outside the kiosk. Tell the school's IT manager. {{.Problems}}"}
)

// Importing class lists (admins).
var (
	RosterTitle      = &i18n.Message{ID: "Roster.Title", Other: "Import class lists"}
	RosterIntro      = &i18n.Message{ID: "Roster.Intro", Other: "Export the whole school's roster from SIMS, Arbor or Bromcom as a CSV file (columns such as UPN, Legal Surname, Legal Forename, Reg Group, Year; Band and Language are optional), then choose it here. You will see what changes before anything is imported."}
	RosterChoose     = &i18n.Message{ID: "Roster.Choose", Other: "Choose a CSV file"}
	RosterPreview    = &i18n.Message{ID: "Roster.Preview", Other: "Check before importing: {{.File}}"}
	RosterCounts     = &i18n.Message{ID: "Roster.Counts", Other: "New pupils: {{.Add}}. Changed: {{.Update}}. Leaving (kept, with their records, but no longer listed): {{.Leave}}. Unchanged: {{.Same}}."}
	RosterNoBand     = &i18n.Message{ID: "Roster.NoBand", One: "{{.Count}} new pupil has no band in the file: they start on band {{.Band}}; change it on their page.", Other: "{{.Count}} new pupils have no band in the file: they start on band {{.Band}}; change it on their page."}
	RosterProblems   = &i18n.Message{ID: "Roster.Problems", One: "{{.Count}} row needs fixing, so nothing will be imported. Fix it in the MIS or the file and choose the file again:", Other: "{{.Count}} rows need fixing, so nothing will be imported. Fix them in the MIS or the file and choose the file again:"}
	RosterMassLeave  = &i18n.Message{ID: "Roster.MassLeave", Other: "This file would mark {{.Leave}} of {{.Active}} pupils as leavers. Is it one class's file? Import it only if it is the whole school's roster."}
	RosterImport     = &i18n.Message{ID: "Roster.Import", Other: "Import"}
	RosterImportAll  = &i18n.Message{ID: "Roster.ImportAll", Other: "Import: it is the whole school"}
	RosterDone       = &i18n.Message{ID: "Roster.Done", Other: "Imported: {{.Add}} new, {{.Update}} changed, {{.Leave}} marked as leavers."}
	RosterUnreadable = &i18n.Message{ID: "Roster.Unreadable", Other: "The file could not be read. Check that it is on the USB stick and try again."}
	RosterFailed     = &i18n.Message{ID: "Roster.Failed", Other: "The import failed, so nothing was changed. Try again; if it keeps failing, tell the school's IT manager."}
	RosterChangeLine = &i18n.Message{ID: "Roster.ChangeLine", Other: "{{.Name}}: {{.Changes}}"}
	RosterLeaveLine  = &i18n.Message{ID: "Roster.LeaveLine", Other: "{{.Name}} ({{.Class}}): leaving"}
	RosterAddLine    = &i18n.Message{ID: "Roster.AddLine", Other: "{{.Name}} ({{.Class}}): new"}
)

// What the countersigning adult observed, and corrections (adult-facing).
var (
	ObserveTitle       = &i18n.Message{ID: "Observe.Title", Other: "What did you observe?"}
	ObserveMode        = &i18n.Message{ID: "Observe.Mode", Other: "How {{.Name}} responded"}
	ObservePrompting   = &i18n.Message{ID: "Observe.Prompting", Other: "Prompting you gave"}
	ObserveUnderstood  = &i18n.Message{ID: "Observe.Understood", Other: "Your judgement: did {{.Name}} understand?"}
	ObserveNote        = &i18n.Message{ID: "Observe.Note", Other: "Note (optional; no other pupils' names)"}
	ObserveNext        = &i18n.Message{ID: "Observe.Next", Other: "Next"}
	ObserveIncomplete  = &i18n.Message{ID: "Observe.Incomplete", Other: "Choose how the pupil responded, the prompting and your judgement first."}
	ObservePhysical    = &i18n.Message{ID: "Observe.Physical", Other: "Physically supported answers are recorded as physical prompting, never as the pupil's own choice."}
	AttestTitle        = &i18n.Message{ID: "Attest.Title", Other: "Sign under what you observed"}
	AttestV1           = &i18n.Message{ID: "Attest.V1", Other: "I presented these rules to {{.Pupil}} using {{.Band}}; {{.Pupil}} responded by {{.Mode}} with {{.Prompting}}."}
	AttestBand         = &i18n.Message{ID: "Attest.Band", Other: "the \"{{.Title}}\" version, with pictures and spoken words"}
	AttestSignHere     = &i18n.Message{ID: "Attest.SignHere", Other: "Your signature:"}
	AttestNoSignature  = &i18n.Message{ID: "Attest.NoSignature", Other: "Sign in the box first."}
	ModeTouch          = &i18n.Message{ID: "Mode.touch", Other: "Touch"}
	ModeSwitch         = &i18n.Message{ID: "Mode.switch", Other: "Switch"}
	ModeEyeGaze        = &i18n.Message{ID: "Mode.eye_gaze", Other: "Eye gaze"}
	ModeSpeech         = &i18n.Message{ID: "Mode.speech", Other: "Speech"}
	ModeSign           = &i18n.Message{ID: "Mode.sign", Other: "Sign / Makaton"}
	ModeSymbols        = &i18n.Message{ID: "Mode.symbol_pointing", Other: "Pointing to symbols"}
	ModeAAC            = &i18n.Message{ID: "Mode.aac_device", Other: "Own AAC device"}
	ModePhysical       = &i18n.Message{ID: "Mode.physically_supported", Other: "Physically supported"}
	SaysTouch          = &i18n.Message{ID: "Says.touch", Other: "touching the screen"}
	SaysSwitch         = &i18n.Message{ID: "Says.switch", Other: "pressing a switch"}
	SaysEyeGaze        = &i18n.Message{ID: "Says.eye_gaze", Other: "eye gaze"}
	SaysSpeech         = &i18n.Message{ID: "Says.speech", Other: "speaking"}
	SaysSign           = &i18n.Message{ID: "Says.sign", Other: "signing (sign or Makaton)"}
	SaysSymbols        = &i18n.Message{ID: "Says.symbol_pointing", Other: "pointing to symbols"}
	SaysAAC            = &i18n.Message{ID: "Says.aac_device", Other: "using their own AAC device"}
	SaysPhysical       = &i18n.Message{ID: "Says.physically_supported", Other: "being physically supported, so the answers are not their own choice,"}
	PromptIndependent  = &i18n.Message{ID: "Prompting.independent", Other: "Independent"}
	PromptVerbal       = &i18n.Message{ID: "Prompting.verbal", Other: "Verbal"}
	PromptGestural     = &i18n.Message{ID: "Prompting.gestural", Other: "Gestural"}
	PromptPhysical     = &i18n.Message{ID: "Prompting.physical", Other: "Physical"}
	SaysIndependent    = &i18n.Message{ID: "SaysPrompting.independent", Other: "no prompting"}
	SaysVerbal         = &i18n.Message{ID: "SaysPrompting.verbal", Other: "verbal prompting"}
	SaysGestural       = &i18n.Message{ID: "SaysPrompting.gestural", Other: "gestural prompting"}
	SaysPhysicalPrompt = &i18n.Message{ID: "SaysPrompting.physical", Other: "physical prompting"}
	UnderstoodFully    = &i18n.Message{ID: "Understanding.fully", Other: "Fully"}
	UnderstoodPartly   = &i18n.Message{ID: "Understanding.partly", Other: "Partly"}
	UnderstoodNot      = &i18n.Message{ID: "Understanding.not_clearly", Other: "Not clearly"}
	AnswerAgree        = &i18n.Message{ID: "Answer.agree", Other: "Agreed"}
	AnswerNotSure      = &i18n.Message{ID: "Answer.not_sure", Other: "Not sure"}
	AnswerNoClear      = &i18n.Message{ID: "Answer.no_clear_response", Other: "No clear response"}
	ReasonAnswer       = &i18n.Message{ID: "Reason.answer_recorded_wrongly", Other: "An answer was recorded wrongly"}
	ReasonObservation  = &i18n.Message{ID: "Reason.observation_recorded_wrongly", Other: "What I observed was recorded wrongly"}
	ReasonWrongPupil   = &i18n.Message{ID: "Reason.wrong_pupil", Other: "Recorded for the wrong pupil"}
	ReasonChangedMind  = &i18n.Message{ID: "Reason.pupil_changed_mind", Other: "The pupil changed their mind"}
	ReasonOther        = &i18n.Message{ID: "Reason.other", Other: "Other (say why in the note)"}
	CorrectTitle       = &i18n.Message{ID: "Correct.Title", Other: "Correct {{.Name}}'s record of {{.Date}}"}
	VoidTitle          = &i18n.Message{ID: "Void.Title", Other: "Void {{.Name}}'s record of {{.Date}}"}
	CorrectIntro       = &i18n.Message{ID: "Correct.Intro", Other: "The record itself is never changed: this saves a new record that replaces it, with your name and the reason."}
	CorrectReason      = &i18n.Message{ID: "Correct.Reason", Other: "Reason"}
	CorrectSave        = &i18n.Message{ID: "Correct.Save", Other: "Save the correction"}
	VoidSave           = &i18n.Message{ID: "Void.Save", Other: "Void the record"}
	CorrectNeedReason  = &i18n.Message{ID: "Correct.NeedReason", Other: "Choose a reason first."}
	CorrectSuperseded  = &i18n.Message{ID: "Correct.Superseded", Other: "This record has already been corrected or voided; go back and choose its newest version."}
	CorrectFailed      = &i18n.Message{ID: "Correct.Failed", Other: "The correction could not be saved, so nothing changed. Try again; if it keeps failing, tell the school's IT manager."}
)

// The hub sync in the adult area (adult-facing; never on a pupil screen).
var (
	AdultSync        = &i18n.Message{ID: "Adult.Sync", Other: "Sync"}
	SyncLine         = &i18n.Message{ID: "Sync.Line", One: "{{.Count}} record waiting for the hub · last synced {{.When}}", Other: "{{.Count}} records waiting for the hub · last synced {{.When}}"}
	SyncNever        = &i18n.Message{ID: "Sync.Never", Other: "never"}
	SyncToday        = &i18n.Message{ID: "Sync.Today", Other: "{{.Time}} today"}
	SyncYesterday    = &i18n.Message{ID: "Sync.Yesterday", Other: "yesterday at {{.Time}}"}
	SyncOnDate       = &i18n.Message{ID: "Sync.OnDate", Other: "{{.Date}} at {{.Time}}"}
	SyncRunning      = &i18n.Message{ID: "Sync.Running", Other: "Syncing now…"}
	SyncNotSetUp     = &i18n.Message{ID: "Sync.NotSetUp", Other: "No school hub is set up for this tablet, so its records stay here. Tell the school's IT manager."}
	SyncUnreadable   = &i18n.Message{ID: "Sync.Unreadable", Other: "The state of the sync could not be read. Restart the kiosk; if this happens again, tell the school's IT manager."}
	SyncTheHub       = &i18n.Message{ID: "Sync.TheHub", Other: "the school hub's address"}
	SyncTitle        = &i18n.Message{ID: "Sync.Title", Other: "Sync with the school hub"}
	SyncConnected    = &i18n.Message{ID: "Sync.Connected", Other: "Connected to the hub at {{.URL}}."}
	SyncConnectedTo  = &i18n.Message{ID: "Sync.ConnectedTo", Other: "Connected to {{.School}}'s hub at {{.URL}}."}
	SyncNotConnected = &i18n.Message{ID: "Sync.NotConnected", Other: "This tablet is not connected to a school hub yet."}
	SyncLastTried    = &i18n.Message{ID: "Sync.LastTried", Other: "Last tried {{.When}}."}
	SyncDevice       = &i18n.Message{ID: "Sync.Device", Other: "This tablet's id at the hub: {{.ID}}"}
	SyncHubSaid      = &i18n.Message{ID: "Sync.HubSaid", Other: "The hub said: {{.Detail}}"}
	SyncNow          = &i18n.Message{ID: "Sync.Now", Other: "Sync now"}
	SyncStarted      = &i18n.Message{ID: "Sync.Started", Other: "Sync started. The line above changes when it has finished."}
	SyncRejected     = &i18n.Message{ID: "Sync.Rejected", Other: "Records the hub refused"}
	SyncNoRejected   = &i18n.Message{ID: "Sync.NoRejected", Other: "The hub has not refused any records."}
	SyncRejectedHelp = &i18n.Message{ID: "Sync.RejectedHelp", Other: "They stay on this tablet and are not sent again. Show this list to the IT manager."}
	SyncRejectedLine = &i18n.Message{ID: "Sync.RejectedLine", Other: "{{.Date}} · {{.Name}} ({{.Class}}) · {{.Form}} — {{.State}}: {{.Reason}}"}
	SyncConflict     = &i18n.Message{ID: "Sync.State.conflict", Other: "the hub holds a different copy"}
	SyncInvalid      = &i18n.Message{ID: "Sync.State.invalid", Other: "the hub could not accept it"}
	SyncUnknownPupil = &i18n.Message{ID: "Sync.UnknownPupil", Other: "pupil {{.ID}}"}
	SyncBundle       = &i18n.Message{ID: "Sync.Bundle", Other: "Save waiting records to a USB stick or folder"}
	SyncBundleSaving = &i18n.Message{ID: "Sync.BundleSaving", Other: "Saving the waiting records…"}
	SyncBundleDone   = &i18n.Message{ID: "Sync.BundleDone", One: "{{.Count}} record was saved in {{.File}}. Take it to the hub computer and import it there.", Other: "{{.Count}} records were saved in {{.File}}. Take it to the hub computer and import it there."}
	SyncBundleEmpty  = &i18n.Message{ID: "Sync.BundleEmpty", Other: "No records were waiting, so there was nothing to save."}
	SyncBundleFailed = &i18n.Message{ID: "Sync.BundleFailed", Other: "The records could not be saved there. Check the USB stick is in and has space, then try again. They are still safe on this tablet."}
	SyncConnect      = &i18n.Message{ID: "Sync.Connect", Other: "Connect to the school hub"}
)

// Why sync failed: one sentence a teaching assistant or the IT manager can
// act on for each hub.Fail code.
var (
	SyncFailNotEnrolled = &i18n.Message{ID: "Sync.Fail.not_enrolled", Other: "This tablet is not connected to the school hub yet. An admin can connect it on the Sync page."}
	SyncFailUnreachable = &i18n.Message{ID: "Sync.Fail.unreachable", Other: "The hub at {{.Detail}} cannot be reached. Check the tablet is on the school Wi-Fi and the hub computer is switched on. The records are safe here meanwhile."}
	SyncFailPortal      = &i18n.Message{ID: "Sync.Fail.portal", Other: "The school network wants a login page before the hub can be reached. Ask IT to let this tablet through to {{.Detail}}."}
	SyncFailFiltered    = &i18n.Message{ID: "Sync.Fail.filtered", Other: "A web filter blocked the hub. Ask IT to allow {{.Detail}}."}
	SyncFailCertificate = &i18n.Message{ID: "Sync.Fail.certificate", Other: "The hub's security certificate is not the one this tablet was connected with, so nothing was sent. Ask the IT manager to check the hub at {{.Detail}}, or to connect this tablet again."}
	SyncFailRevoked     = &i18n.Message{ID: "Sync.Fail.revoked", Other: "The hub no longer accepts this tablet. Ask the IT manager to enrol it again."}
	SyncFailClock       = &i18n.Message{ID: "Sync.Fail.clock", Other: "The tablet's date or time is wrong, so the hub cannot accept it. Correct the date and time in the tablet's settings, then choose Sync now."}
	SyncFailRejected    = &i18n.Message{ID: "Sync.Fail.rejected", One: "The hub refused {{.Count}} record. An adult should look at it on the Sync page.", Other: "The hub refused {{.Count}} records. An adult should look at them on the Sync page."}
	SyncFailServer      = &i18n.Message{ID: "Sync.Fail.server", Other: "The hub had a problem and did not take the records; they are safe on this tablet and sync will try again. If this keeps happening, tell the IT manager."}
	SyncFailDisk        = &i18n.Message{ID: "Sync.Fail.disk", Other: "This tablet's storage is full, so sync cannot keep track of what it sent. Tell the IT manager; the records already saved are safe."}
	SyncFailOther       = &i18n.Message{ID: "Sync.Fail.other", Other: "Sync did not work this time. It will try again; if this keeps happening, tell the IT manager."}
)

// Connecting the tablet to the hub (admins only).
var (
	EnrolTitle       = &i18n.Message{ID: "Enrol.Title", Other: "Connect this tablet to the school hub"}
	EnrolIntro       = &i18n.Message{ID: "Enrol.Intro", Other: "On the hub computer, open the hub page and add a tablet. Type here what it shows."}
	EnrolURL         = &i18n.Message{ID: "Enrol.URL", Other: "Hub address (for example https://hub.school.local:8700)"}
	EnrolCode        = &i18n.Message{ID: "Enrol.Code", Other: "One-time code"}
	EnrolFingerprint = &i18n.Message{ID: "Enrol.Fingerprint", Other: "Certificate fingerprint (optional)"}
	EnrolFPHelp      = &i18n.Message{ID: "Enrol.FingerprintHelp", Other: "It is printed under the QR code on the hub page. Type it when the hub made its own certificate: it proves this tablet is talking to your hub and not to another computer."}
	EnrolConnect     = &i18n.Message{ID: "Enrol.Connect", Other: "Connect"}
	EnrolConnecting  = &i18n.Message{ID: "Enrol.Connecting", Other: "Connecting to the hub…"}
	EnrolDone        = &i18n.Message{ID: "Enrol.Done", Other: "This tablet is now connected to the school hub. Waiting records will be sent in a moment."}
	EnrolNeedFields  = &i18n.Message{ID: "Enrol.NeedFields", Other: "Type the hub's address and the one-time code first."}
	EnrolCodeUnknown = &i18n.Message{ID: "Enrol.CodeUnknown", Other: "The hub does not know that code. Check it against the hub page, or make a new code there."}
	EnrolCodeUsed    = &i18n.Message{ID: "Enrol.CodeUsed", Other: "That code has been used already. Make a new code on the hub page and type that one."}
	EnrolCodeExpired = &i18n.Message{ID: "Enrol.CodeExpired", Other: "That code has expired. Make a new code on the hub page and type that one."}
	EnrolCertificate = &i18n.Message{ID: "Enrol.Certificate", Other: "The hub's certificate does not match the fingerprint typed. Check the fingerprint under the QR code on the hub page; if it matches, ask the IT manager, as another computer may be answering for the hub."}
	EnrolAdminOnly   = &i18n.Message{ID: "Enrol.AdminOnly", Other: "Only an admin can connect this tablet to a school hub."}
	EnrolFailed      = &i18n.Message{ID: "Enrol.Failed", Other: "The tablet could not connect to the hub. Check the address and try again; if it keeps failing, tell the IT manager."}
)

// Exporting records to a USB stick or folder (teachers and admins).
var (
	AdultExport         = &i18n.Message{ID: "Adult.Export", Other: "Export records"}
	ExportTitle         = &i18n.Message{ID: "Export.Title", Other: "Export records"}
	ExportClass         = &i18n.Message{ID: "Export.Class", Other: "Which class?"}
	ExportAllClasses    = &i18n.Message{ID: "Export.AllClasses", Other: "All classes"}
	ExportFormat        = &i18n.Message{ID: "Export.Format", Other: "Which kind of file?"}
	ExportFormatCSV     = &i18n.Message{ID: "Export.Format.csv", Other: "CSV"}
	ExportFormatExcel   = &i18n.Message{ID: "Export.Format.excel", Other: "CSV for Excel"}
	ExportFormatPDF     = &i18n.Message{ID: "Export.Format.pdf", Other: "One PDF for the class"}
	ExportFormatPupils  = &i18n.Message{ID: "Export.Format.pupils", Other: "One PDF per pupil"}
	ExportPrivacy       = &i18n.Message{ID: "Export.Privacy", Other: "The files hold pupils' names and answers: keep them on the school's own USB stick or shared folder."}
	ExportSave          = &i18n.Message{ID: "Export.Save", Other: "Choose a folder and save"}
	ExportSaving        = &i18n.Message{ID: "Export.Saving", Other: "Saving… keep the USB stick in until this says it has finished."}
	ExportSaved         = &i18n.Message{ID: "Export.Saved", One: "Saved {{.Count}} record for {{.Class}} to {{.Path}}", Other: "Saved {{.Count}} records for {{.Class}} to {{.Path}}"}
	ExportSavedPupils   = &i18n.Message{ID: "Export.SavedPupils", One: "Saved {{.Count}} record for {{.Class}}, one file for each pupil, in the folder {{.Path}}", Other: "Saved {{.Count}} records for {{.Class}}, one file for each pupil, in the folder {{.Path}}"}
	ExportSavedEnd      = &i18n.Message{ID: "Export.SavedEnd", Other: "It is safe to take the USB stick out now."}
	ExportOneClass      = &i18n.Message{ID: "Export.OneClass", Other: "{{.Class}} class"}
	ExportEveryClass    = &i18n.Message{ID: "Export.EveryClass", Other: "every class"}
	ExportNothing       = &i18n.Message{ID: "Export.Nothing", Other: "There are no records for {{.Class}} yet, so nothing was saved."}
	ExportFolderGone    = &i18n.Message{ID: "Export.FolderGone", Other: "That folder is not there any more, so nothing was saved. If it is on a USB stick, check the stick is plugged in, then choose the folder again."}
	ExportDiskFull      = &i18n.Message{ID: "Export.DiskFull", Other: "There is not enough space there, so nothing was saved. Delete old files from the USB stick or use another one, then try again."}
	ExportNotAllowed    = &i18n.Message{ID: "Export.NotAllowed", Other: "This tablet is not allowed to save in that folder, so nothing was saved. Choose another folder, or check the USB stick's lock switch."}
	ExportFailed        = &i18n.Message{ID: "Export.Failed", Other: "The records could not be saved there, so nothing was saved. Try another folder or USB stick; if it happens again, tell the IT manager."}
	ExportUnreadable    = &i18n.Message{ID: "Export.Unreadable", Other: "The records on this tablet could not be read, so nothing was saved. Tell the IT manager: they can check the records with smartkiosk verify."}
	ExportStaffOnly     = &i18n.Message{ID: "Export.StaffOnly", Other: "Only a teacher or an admin can export records. Ask one of them to sign in."}
	ExportDocTitle      = &i18n.Message{ID: "Export.DocTitle", Other: "Acceptable Use agreements: {{.Class}}"}
	ExportDocTitlePupil = &i18n.Message{ID: "Export.DocTitlePupil", Other: "Acceptable Use agreements: {{.Name}}"}
)

// The sealed sign-off: the adult corner, its PIN and the adult menu.
var (
	FlowAdultCorner = &i18n.Message{ID: "Flow.AdultCorner", Other: "Adult: hold"}
	FlowGateTitle   = &i18n.Message{ID: "Flow.GateTitle", Other: "Adults only"}
	FlowGatePrompt  = &i18n.Message{ID: "Flow.GatePrompt", Other: "Type your own staff PIN to pause this sign-off, record no clear response or change the access settings."}
	FlowMenuTitle   = &i18n.Message{ID: "Flow.MenuTitle", Other: "Sign-off in progress"}
	FlowMenuWho     = &i18n.Message{ID: "Flow.MenuWho", Other: "{{.Adult}}: this is {{.Name}}'s sign-off. The answers so far are kept whatever you choose."}
	FlowResume      = &i18n.Message{ID: "Flow.Resume", Other: "Back to {{.Name}}'s sign-off"}
	FlowStop        = &i18n.Message{ID: "Flow.Stop", Other: "Stop here and finish it later"}
)

// Parent/carer confirmation.
var (
	ParentSavedWhat = &i18n.Message{ID: "Parent.SavedWhat", Other: "{{.Parent}} ({{.Relationship}}) acknowledged the parent/carer agreement for {{.Name}} on {{.When}}, witnessed by {{.Witness}}."}
	ParentSavedDone = &i18n.Message{ID: "Parent.SavedDone", Other: "Back to {{.Name}}'s page"}
)

// The on-screen keyboard, for tablets with no other.
var (
	KeyboardTapToType = &i18n.Message{ID: "Keyboard.TapToType", Other: "Tap here to type"}
	KeyboardAccents   = &i18n.Message{ID: "Keyboard.Accents", Other: "Accents: type the letter, then choose it with its accent here (â, ë, ł…)."}
	KeyboardDone      = &i18n.Message{ID: "Keyboard.Done", Other: "Done"}
	KeyboardDigits    = &i18n.Message{ID: "Keyboard.Digits", Other: "123 @"}
	KeyboardLetters   = &i18n.Message{ID: "Keyboard.Letters", Other: "abc"}
	KeyboardSpace     = &i18n.Message{ID: "Keyboard.Space", Other: "Space"}
	KeyboardShift     = &i18n.Message{ID: "Keyboard.Shift", Other: "Capital"}
	KeyboardDelete    = &i18n.Message{ID: "Keyboard.Delete", Other: "Delete"}
)

// The kiosk's own file page: USB sticks and shared drives.
var (
	PickFileTitle   = &i18n.Message{ID: "Pick.FileTitle", Other: "Choose the CSV file"}
	PickFolderTitle = &i18n.Message{ID: "Pick.FolderTitle", Other: "Choose a folder to save in"}
	PickDrives      = &i18n.Message{ID: "Pick.Drives", Other: "USB sticks and drives"}
	PickLookAgain   = &i18n.Message{ID: "Pick.LookAgain", Other: "Look again"}
	PickThisTablet  = &i18n.Message{ID: "Pick.ThisTablet", Other: "This tablet"}
	PickReading     = &i18n.Message{ID: "Pick.Reading", Other: "Reading…"}
	PickNoDrives    = &i18n.Message{ID: "Pick.NoDrives", Other: "No USB stick found. Plug one in, wait a few seconds, then choose Look again."}
	PickChooseDrive = &i18n.Message{ID: "Pick.ChooseDrive", Other: "Choose a USB stick or drive on the left."}
	PickUp          = &i18n.Message{ID: "Pick.Up", Other: "Up a folder"}
	PickEmptyFolder = &i18n.Message{ID: "Pick.EmptyFolder", Other: "There are no folders in here. Choose Save here to save in this folder."}
	PickNoCSV       = &i18n.Message{ID: "Pick.NoCSV", Other: "There are no CSV files or folders here. A class list exported from SIMS, Arbor or Bromcom ends in .csv."}
	PickMore        = &i18n.Message{ID: "Pick.More", One: "{{.Count}} more is not shown: open a folder to narrow the list.", Other: "{{.Count}} more are not shown: open a folder to narrow the list."}
	PickOther       = &i18n.Message{ID: "Pick.Other", Other: "Another folder…"}
	PickSaveHere    = &i18n.Message{ID: "Pick.SaveHere", Other: "Save here"}
	PickTooBig      = &i18n.Message{ID: "Pick.TooBig", Other: "That file is larger than 20 MB, too big to be a class list. Choose the CSV file exported from your MIS."}
	PickNotAllowed  = &i18n.Message{ID: "Pick.NotAllowed", Other: "The tablet is not allowed to open that. Choose another folder, or ask the school's IT manager."}
	PickDriveGone   = &i18n.Message{ID: "Pick.DriveGone", Other: "The USB stick or drive could not be read: check it is still plugged in, then choose it again."}
	PickUnreadable  = &i18n.Message{ID: "Pick.Unreadable", Other: "That could not be read. Try again, or copy the file onto another USB stick."}
)

// Reception: the start screen's self-service sign-offs (staff, visitors
// and volunteers, Wi-Fi), the form reader and signing, About this policy.
var (
	ReceptionStaff          = &i18n.Message{ID: "Reception.Staff", Other: "Staff: sign the staff policy"}
	ReceptionVisitor        = &i18n.Message{ID: "Reception.Visitor", Other: "Visitor or volunteer: sign in"}
	ReceptionWiFi           = &i18n.Message{ID: "Reception.WiFi", Other: "Use the school Wi-Fi"}
	ReceptionAbout          = &i18n.Message{ID: "Reception.About", Other: "About this policy"}
	ReceptionCancel         = &i18n.Message{ID: "Reception.Cancel", Other: "Cancel"}
	ReceptionNext           = &i18n.Message{ID: "Reception.Next", Other: "Next"}
	ReceptionStaffPIN       = &i18n.Message{ID: "Reception.StaffPIN", Other: "Type your own kiosk PIN, then choose Next. This does not open the adult area."}
	ReceptionNoPIN          = &i18n.Message{ID: "Reception.NoPIN", Other: "I have no kiosk PIN"}
	ReceptionStaffName      = &i18n.Message{ID: "Reception.StaffName", Other: "Your name"}
	ReceptionStaffFind      = &i18n.Message{ID: "Reception.StaffFind", Other: "Type at least three letters of your name, then choose your name below."}
	ReceptionStaffNotListed = &i18n.Message{ID: "Reception.StaffNotListed", Other: "No name on the school's staff list matches. Check the spelling, or ask the school office to add you."}
	ReceptionStaffNoList    = &i18n.Message{ID: "Reception.StaffNoList", Other: "Type your full name, then choose Next."}
	ReceptionVisitorTitle   = &i18n.Message{ID: "Reception.VisitorTitle", Other: "Sign in for your visit"}
	ReceptionVisitorName    = &i18n.Message{ID: "Reception.VisitorName", Other: "Your full name"}
	ReceptionOrganisation   = &i18n.Message{ID: "Reception.Organisation", Other: "Your organisation (or \"none\")"}
	ReceptionVisiting       = &i18n.Message{ID: "Reception.Visiting", Other: "Who you are visiting, or why"}
	ReceptionVisitorKind    = &i18n.Message{ID: "Reception.VisitorKind", Other: "You are a"}
	ReceptionKindVisitor    = &i18n.Message{ID: "Reception.KindVisitor", Other: "Visitor"}
	ReceptionKindVolunteer  = &i18n.Message{ID: "Reception.KindVolunteer", Other: "Volunteer"}
	ReceptionVisitorMissing = &i18n.Message{ID: "Reception.VisitorMissing", Other: "Type your name, your organisation and who you are visiting, and choose visitor or volunteer."}
	ReceptionWelcomeBack    = &i18n.Message{ID: "Reception.WelcomeBack", Other: "Welcome back, {{.Name}}. You read this policy on {{.Date}}, so today you only need to sign."}
	ReceptionReadAgain      = &i18n.Message{ID: "Reception.ReadAgain", Other: "Read it again"}
	ReceptionSignIn         = &i18n.Message{ID: "Reception.SignIn", Other: "Sign for today's visit"}
	ReceptionSection        = &i18n.Message{ID: "Reception.Section", Other: "Section {{.N}} of {{.Total}}"}
	ReceptionIntro          = &i18n.Message{ID: "Reception.Intro", Other: "Introduction"}
	ReceptionPrevious       = &i18n.Message{ID: "Reception.Previous", Other: "Previous"}
	ReceptionToSign         = &i18n.Message{ID: "Reception.ToSign", Other: "Go on to sign"}
	ReceptionSignedBy       = &i18n.Message{ID: "Reception.SignedBy", Other: "Name: {{.Name}}"}
	ReceptionDate           = &i18n.Message{ID: "Reception.Date", Other: "Date: {{.Date}}"}
	ReceptionSignHere       = &i18n.Message{ID: "Reception.SignHere", Other: "Sign in the box:"}
	ReceptionClear          = &i18n.Message{ID: "Reception.Clear", Other: "Clear the signature"}
	ReceptionSign           = &i18n.Message{ID: "Reception.Sign", Other: "I agree: save"}
	ReceptionNeedSignature  = &i18n.Message{ID: "Reception.NeedSignature", Other: "Sign in the box first."}
	ReceptionNeedName       = &i18n.Message{ID: "Reception.NeedName", Other: "Type your name and sign in the box first."}
	ReceptionSaveFailed     = &i18n.Message{ID: "Reception.SaveFailed", Other: "That could not be saved, so nothing was recorded. Try again; if it keeps failing, ask at the school office."}
	ReceptionThanks         = &i18n.Message{ID: "Reception.Thanks", Other: "Thank you, {{.Name}}"}
	ReceptionStaffDone      = &i18n.Message{ID: "Reception.StaffDone", Other: "Your signature on the staff policy, version {{.Version}}, is saved."}
	ReceptionVisitDone      = &i18n.Message{ID: "Reception.VisitDone", Other: "You are signed in for your visit: {{.Visiting}}."}
	ReceptionWiFiDone       = &i18n.Message{ID: "Reception.WiFiDone", Other: "You have accepted the Wi-Fi policy."}
	ReceptionWiFiNetwork    = &i18n.Message{ID: "Reception.WiFiNetwork", Other: "Network: {{.Network}}"}
	ReceptionWiFiPassword   = &i18n.Message{ID: "Reception.WiFiPassword", Other: "Password: {{.Password}}"}
	ReceptionWiFiAsk        = &i18n.Message{ID: "Reception.WiFiAsk", Other: "Ask at the school office for the Wi-Fi network and its password."}
	ReceptionDone           = &i18n.Message{ID: "Reception.Done", Other: "Finished"}
	ReceptionNoForm         = &i18n.Message{ID: "Reception.NoForm", Other: "This school's policy has no form for this. Please ask at the school office."}
	ReceptionAlreadySigned  = &i18n.Message{ID: "Reception.AlreadySigned", Other: "You signed this version of the staff policy on {{.Date}}. You can read and sign it again."}
	ReceptionReadFailed     = &i18n.Message{ID: "Reception.ReadFailed", Other: "The visitor book could not be read, so please read the policy again before signing."}
	AboutTitle              = &i18n.Message{ID: "About.Title", Other: "About this policy"}
	AboutVersion            = &i18n.Message{ID: "About.Version", Other: "{{.Title}}, version {{.Version}}"}
	AboutReviewed           = &i18n.Message{ID: "About.Reviewed", Other: "Reviewed: {{.Reviewed}}. Next review: {{.Next}}."}
	AboutContacts           = &i18n.Message{ID: "About.Contacts", Other: "Who to contact"}
	AboutForms              = &i18n.Message{ID: "About.Forms", Other: "What is signed on this tablet"}
	AdultTablet             = &i18n.Message{ID: "Adult.Tablet", Other: "This tablet"}
	TabletTitle             = &i18n.Message{ID: "Tablet.Title", Other: "What this tablet is for"}
	TabletPrompt            = &i18n.Message{ID: "Tablet.Prompt", Other: "The start screen offers"}
	TabletClassroom         = &i18n.Message{ID: "Tablet.Classroom", Other: "Classroom: pupils, through a PIN"}
	TabletReception         = &i18n.Message{ID: "Tablet.Reception", Other: "Reception: staff, visitors, Wi-Fi"}
	TabletBoth              = &i18n.Message{ID: "Tablet.Both", Other: "Both"}
	TabletSaved             = &i18n.Message{ID: "Tablet.Saved", Other: "Saved. Lock the tablet to see the start screen."}
	TabletFailed            = &i18n.Message{ID: "Tablet.Failed", Other: "That could not be saved, so nothing changed. Try again; if it keeps failing, tell the school's IT manager."}
	StaffReminder           = &i18n.Message{ID: "Staff.Reminder", Other: "You have not yet signed the staff policy, version {{.Version}}."}
	StaffReminderSign       = &i18n.Message{ID: "Staff.ReminderSign", Other: "Sign the staff policy"}
)
