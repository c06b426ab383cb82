// Package policy holds the policy-pack model: the school's Acceptable Use
// Policy as forms, rules and statements, loaded from a pack folder,
// validated and fingerprinted. It is pure Go: no Fyne, no SQL.
package policy

// DefaultLang is the language every pack must carry text for.
const DefaultLang = "en-GB"

// Form kinds.
const (
	KindPupil   = "pupil"
	KindParent  = "parent"
	KindStaff   = "staff"
	KindVisitor = "visitor"
	KindWiFi    = "wifi"
)

// Pack is one versioned policy pack: pack.toml plus its pictures and narration.
type Pack struct {
	ID         string   `toml:"id"`
	Version    string   `toml:"version"`
	School     School   `toml:"school"`
	Title      Text     `toml:"title"`       // e.g. "Acceptable Use of Technology Policy"
	Reviewed   string   `toml:"reviewed"`    // YYYY-MM-DD
	NextReview string   `toml:"next_review"` // YYYY-MM-DD
	Languages  []string `toml:"languages"`   // first is the default; must include DefaultLang
	Bands      []Band   `toml:"bands"`
	Forms      []Form   `toml:"forms"`

	// UINarration holds the spoken prompts of the pupil screens around the
	// rules, by key: UIWelcome, UIAgree, … (see the UI constants). Screens
	// play them; a school may record its own like any other clip.
	UINarration map[string]Clip `toml:"ui_narration"`
	// UISymbols holds the pictures of the pupil controls, by key: UIAgree,
	// UINotSure, UIReplay, UIStop, UIMark.
	UISymbols map[string]Symbol `toml:"ui_symbols"`

	// Fingerprint is set by Load: see Fingerprint.
	Fingerprint string `toml:"-"`
}

// School names the school the pack belongs to and who to contact.
type School struct {
	Name     string    `toml:"name"`
	Contacts []Contact `toml:"contacts"`
}

// Contact is a role and how to reach it (never a real person's details in the demo).
type Contact struct {
	Role string `toml:"role"`
	How  string `toml:"how"`
}

// Band is an ability band, as the school defines it: any id, any number
// of them (a pack with no pupil forms has none). Title is neutral and may
// be shown to pupils; Alias is the school's own name (e.g. "P4–P7") and is
// shown to adults only.
type Band struct {
	ID       string `toml:"id"`       // "a", "b", "c", "early", ...: lower-case letters, digits and '-'
	Title    Text   `toml:"title"`    // "Listening & symbols"
	Alias    string `toml:"alias"`    // "P4–P7"
	Headings bool   `toml:"headings"` // whether SMART headings are shown (band a: false)
	// Reading is how the band's pupils read a statement: ReadSymbols (the
	// picture strip carries the meaning, the sentence under it) or
	// ReadSentences (the sentence carries it, the picture beside it).
	// Empty in packs written before the field: see SymbolLed.
	Reading  string `toml:"reading"`
	MaxWords int    `toml:"max_words"`
	// MaxWords limits key words per symbol strip (a: 2, b: 4) or words per
	// sentence (c: 15). Zero means no limit.
}

// Values of Band.Reading.
const (
	ReadSymbols   = "symbols"
	ReadSentences = "sentences"
)

// SymbolLed reports whether the band is read through its symbol strips
// rather than its sentences. A pack that does not say (Reading empty, as
// in packs published before the field) keeps the meaning it had: bands
// without headings and bands "a" and "b" are symbol-led.
func (b Band) SymbolLed() bool {
	switch b.Reading {
	case ReadSymbols:
		return true
	case ReadSentences:
		return false
	}
	return !b.Headings || b.ID == "a" || b.ID == "b"
}

// Form is one thing someone signs: a pupil agreement for a band, the
// parent/carer acknowledgement, or the staff, visitor or Wi-Fi AUP.
type Form struct {
	ID    string `toml:"id"`   // "pupil-a", "parent", "staff", ...
	Kind  string `toml:"kind"` // KindPupil, KindParent, ...
	Band  string `toml:"band"` // pupil forms only
	Title Text   `toml:"title"`
	Intro Text   `toml:"intro"`

	Rules        []Rule   `toml:"rules"`
	Consequences *Section `toml:"consequences"`
	Agreement    *Section `toml:"agreement"`
	Declaration  Text     `toml:"declaration"` // the sentence signed under (staff, visitor, Wi-Fi, parent)
}

// Rule is one SMART rule (or, for band a, one unheaded rule).
type Rule struct {
	ID         string      `toml:"id"`        // "S", "M", "A", "R", "T", or "1".."4" for band a
	Heading    Text        `toml:"heading"`   // "Safe"; empty when the band has no headings
	Narration  Clip        `toml:"narration"` // the heading spoken ("S is for Safe"), per language
	Symbols    []Symbol    `toml:"symbols"`
	Statements []Statement `toml:"statements"`
}

// Section is a lead sentence with statements under it, answered as one
// (the consequences, and the agreement contexts).
type Section struct {
	ID         string      `toml:"id"`
	Lead       Text        `toml:"lead"`
	Symbols    []Symbol    `toml:"symbols"`   // the lead's strip (required in pupil forms)
	Narration  Clip        `toml:"narration"` // the lead and every statement, read in one clip
	Statements []Statement `toml:"statements"`
}

// Statement is one sentence a pupil or adult agrees to.
type Statement struct {
	ID        string   `toml:"id"` // unique across the pack
	Text      Text     `toml:"text"`
	Symbols   []Symbol `toml:"symbols"`   // 1–4 key symbols (required in pupil forms)
	Narration Clip     `toml:"narration"` // clip path per language, relative to the pack (required in pupil forms)
}

// Symbol is one key picture with its caption word.
type Symbol struct {
	File    string `toml:"file"` // path relative to the pack, e.g. "pictures/ask.svg"
	Caption Text   `toml:"caption"`
}

// Keys of Pack.UINarration and Pack.UISymbols.
const (
	UIWelcome   = "welcome"   // "Let's learn the rules for using computers and the internet safely."
	UIAgree     = "agree"     // the answer "Yes, I agree"
	UINotSure   = "not_sure"  // the answer "Not sure"
	UIYourTurn  = "your_turn" // "Your turn to make your mark."
	UIHandBack  = "hand_back" // "Well done! Please give the tablet to your adult."
	UIFinished  = "finished"  // "Well done! You have finished."
	UIStart     = "start"     // the Start button
	UIBack      = "back"      // the Back button
	UIReplay    = "replay"    // the Replay button (symbol only)
	UIStop      = "stop"      // the stop-narration button (symbol only)
	UIMark      = "mark"      // the one big tick a pupil can make instead of drawing (symbol only)
	UIHello     = "hello"     // the welcome screen's picture (symbol only)
	UICelebrate = "celebrate" // the celebration screen's picture (symbol only)
	UIWrite     = "write"     // "your turn to make your mark" (symbol only)
)

// Text is a string per language tag.
type Text map[string]string

// Clip is a narration clip path per language tag, relative to the pack.
type Clip map[string]string

// In returns the text in lang, falling back to DefaultLang.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[DefaultLang]
}
