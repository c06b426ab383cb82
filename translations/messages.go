package translations

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Every user-visible string of the kiosk. `goi18n extract` reads this file;
// active.en-GB.toml must hold each ID (a test checks).

// Language picker.
var LangName = &i18n.Message{ID: "Lang.Name", Other: "English (UK)"}

// Pupil list.
var (
	AppTitle         = &i18n.Message{ID: "App.Title", Other: "SMART Kiosk"}
	HomeChooseClass  = &i18n.Message{ID: "Home.ChooseClass", Other: "Choose a class"}
	HomeChoosePupil  = &i18n.Message{ID: "Home.ChoosePupil", Other: "{{.Class}}: choose a pupil"}
	HomeNoPupils     = &i18n.Message{ID: "Home.NoPupils", Other: "There are no pupils on this kiosk yet. An adult can import the class list."}
	HomeLoadFailed   = &i18n.Message{ID: "Home.LoadFailed", Other: "The class list could not be read. Restart the kiosk; if this happens again, tell the school's IT manager."}
	NavBack          = &i18n.Message{ID: "Nav.Back", Other: "Back"}
	NavStartAgain    = &i18n.Message{ID: "Nav.StartAgain", Other: "Stop and go back to the class list"}
	WelcomeHello     = &i18n.Message{ID: "Welcome.Hello", Other: "Hello {{.Name}}"}
	WelcomeIntro     = &i18n.Message{ID: "Welcome.Intro", Other: "Let's learn the rules for using computers and the internet safely."}
	WelcomeStart     = &i18n.Message{ID: "Welcome.Start", Other: "Start"}
	RuleAgree        = &i18n.Message{ID: "Rule.Agree", Other: "Yes, I agree"}
	RuleNotSure      = &i18n.Message{ID: "Rule.NotSure", Other: "Not sure"}
	RuleProgress     = &i18n.Message{ID: "Rule.Progress", Other: "{{.N}} of {{.Total}}"}
	RuleHeading      = &i18n.Message{ID: "Rule.Heading", Other: "{{.Letter}} is for {{.Heading}}"}
	HandoverTitle    = &i18n.Message{ID: "Handover.Title", Other: "Well done! Please give the tablet to your adult."}
	CountersignTitle = &i18n.Message{ID: "Countersign.Title", Other: "Countersign {{.Name}}'s agreement"}
)

// Countersign and saving (adult-facing).
var (
	CountersignSummary    = &i18n.Message{ID: "Countersign.Summary", Other: "{{.Form}} ({{.Band}}): {{.Agreed}} of {{.Total}} answered \"Yes, I agree\"."}
	CountersignFollowUps  = &i18n.Message{ID: "Countersign.FollowUps", One: "{{.Count}} answer needs follow-up teaching.", Other: "{{.Count}} answers need follow-up teaching."}
	CountersignEnterPIN   = &i18n.Message{ID: "Countersign.EnterPIN", Other: "Type your own staff PIN, then choose Countersign and save."}
	CountersignConfirm    = &i18n.Message{ID: "Countersign.Confirm", Other: "Countersign and save"}
	CountersignClear      = &i18n.Message{ID: "Countersign.Clear", Other: "Clear"}
	CountersignNeedPIN    = &i18n.Message{ID: "Countersign.NeedPIN", Other: "Type your PIN first."}
	CountersignWrongPIN   = &i18n.Message{ID: "Countersign.WrongPIN", Other: "That PIN does not match a member of staff. Nothing has been saved. Try again."}
	CountersignSaveFailed = &i18n.Message{ID: "Countersign.SaveFailed", Other: "The sign-off could not be saved, so nothing was recorded. Try again; if it keeps failing, tell the school's IT manager."}
	CountersignAlready    = &i18n.Message{ID: "Countersign.Already", Other: "This sign-off was already saved. Nothing was saved twice."}
	SavedTitle            = &i18n.Message{ID: "Saved.Title", Other: "Saved"}
	SavedBody             = &i18n.Message{ID: "Saved.Body", Other: "{{.Name}}'s agreement is saved, countersigned by {{.Adult}}."}
	SavedDone             = &i18n.Message{ID: "Saved.Done", Other: "Back to the class list"}
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
	WelcomeSettings   = &i18n.Message{ID: "Welcome.Settings", Other: "Adult: access settings"}
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
	CountersignDiskFull = &i18n.Message{ID: "Countersign.DiskFull", Other: "The tablet's storage is full, so the sign-off could not be saved and nothing was recorded. The answers are kept: ask the school's IT manager to free some space, then choose Countersign and save again."}
	RecoveryTitle       = &i18n.Message{ID: "Recovery.Title", Other: "The kiosk's records were repaired"}
	RecoveryRestored    = &i18n.Message{ID: "Recovery.Restored", Other: "The kiosk's database was damaged. It was put aside, untouched, as {{.Moved}}, and the backup from {{.Day}} was put back."}
	RecoveryLost        = &i18n.Message{ID: "Recovery.Lost", One: "{{.Count}} sign-off saved after that backup could not be recovered (record {{.IDs}}): that pupil needs to sign again.", Other: "{{.Count}} sign-offs saved after that backup could not be recovered (records {{.IDs}}): those pupils need to sign again."}
	RecoveryNoneLost    = &i18n.Message{ID: "Recovery.NoneLost", Other: "Every sign-off in the damaged database is also in the backup, so none were lost."}
	RecoveryIncomplete  = &i18n.Message{ID: "Recovery.Incomplete", Other: "Part of the damaged database could not be read, so this list may not be complete."}
	RecoveryTellIT      = &i18n.Message{ID: "Recovery.TellIT", Other: "Please tell the school's IT manager."}
	RecoveryOK          = &i18n.Message{ID: "Recovery.OK", Other: "OK"}
	RecoveryFinished    = &i18n.Message{ID: "Recovery.Finished", Other: "The kiosk was putting back a backup of its damaged database when it stopped; that has now been finished. Sign-offs made after that backup may be missing."}
)
