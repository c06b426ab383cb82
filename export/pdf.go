package export

import (
	"smartkiosk/policy"
	"smartkiosk/signoff"

	"errors"
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
)

// PDFOptions are what WritePDF needs beside the document itself.
type PDFOptions struct {
	Packs   Packs  // the packs entries were shown, by fingerprint
	Regular []byte // Andika Regular (TTF), embedded and subset
	Bold    []byte // Andika Bold (TTF), embedded and subset
	// Created is written as the PDF's creation and modification date, so
	// identical input gives identical bytes. Zero means now.
	Created  time.Time
	Progress Progress // told after each entry: done, total
}

// Document is what one PDF holds.
type Document struct {
	Title   string          // e.g. "Oak class: agreements for policy 2026.1" or a pupil's name
	School  string          // the school's name as the hub or kiosk knows it; "" takes the entries' pack's
	Version string          // the policy version the cover page reports on
	Pupils  []signoff.Pupil // the class list for a cover page (nil: no cover page — a single pupil's PDF)
	Entries []Entry         // one agreement each, in order; each starts on a new page
	// Policy is the pack the cover's "About this policy" reports on (the
	// current one, on the hub); nil takes the first entry's held pack.
	Policy *policy.Pack
}

// Page geometry in millimetres (A4 portrait).
const (
	pageW       = 210.0
	pageH       = 297.0
	marginX     = 15.0
	marginTop   = 14.0
	footerSpace = 26.0 // the evidence footer sits below this line from the bottom
	contentW    = pageW - 2*marginX
	fontFamily  = "Andika"
)

// WritePDF renders doc as an A4 PDF: a cover page with the class list when
// doc.Pupils is set, then every entry as the school's paper agreement (or,
// for an adult's own sign-off, the paper form they sign), each starting on
// a new page with an evidence footer. The cover, or else the first page,
// says what the policy is: its version, review dates and key contacts.
func WritePDF(w io.Writer, doc Document, opt PDFOptions) error {
	if len(opt.Regular) == 0 || len(opt.Bold) == 0 {
		return errors.New("pdf: the Regular and Bold fonts are required")
	}
	p := newPDF(doc, opt)
	if doc.Pupils != nil {
		p.cover()
	}
	for i := range doc.Entries {
		if err := p.entry(i); err != nil {
			return fmt.Errorf("pdf: %w", errEntry(&doc.Entries[i], err))
		}
		opt.Progress.report(i+1, len(doc.Entries))
	}
	if p.f.PageNo() == 0 {
		p.emptyPage()
	}
	if err := p.f.Output(w); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}

// pdf is one document being written.
type pdf struct {
	f      *fpdf.Fpdf
	doc    Document
	opt    PDFOptions
	images map[string]bool // image names already registered in this PDF
	widths map[int]bool    // pixel widths of those images: see uniqueWidth
	foot   func()          // draws the current page's footer
}

func newPDF(doc Document, opt PDFOptions) *pdf {
	f := fpdf.New("P", "mm", "A4", "")
	created := opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("SMART Kiosk", true)
	f.SetCreator("SMART Kiosk", true)
	f.SetTitle(doc.Title, true)
	f.SetLang("en-GB")
	f.AddUTF8FontFromBytes(fontFamily, "", opt.Regular)
	f.AddUTF8FontFromBytes(fontFamily, "B", opt.Bold)
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(false, 0) // every block checks its own room: see room
	f.AliasNbPages("{nb}")
	f.SetCellMargin(0)
	p := &pdf{f: f, doc: doc, opt: opt, images: map[string]bool{}, widths: map[int]bool{}}
	f.SetFooterFunc(func() {
		if p.foot != nil {
			p.foot()
		}
	})
	return p
}

// emptyPage keeps a document with nothing in it a valid PDF that says so.
func (p *pdf) emptyPage() {
	p.foot = nil
	p.f.AddPage()
	p.heading(p.doc.Title, 16)
	p.para("There are no records to show.", 11, false)
	p.f.SetY(p.f.GetY() + 3)
	p.about()
}

// text helpers --------------------------------------------------------------

// font sets the family's regular or bold face at size points.
func (p *pdf) font(size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	p.f.SetFont(fontFamily, style, size)
}

// lineH is the line height in mm for a font size in points.
func lineH(size float64) float64 { return size * 0.45 }

// heading writes a bold line across the content width and moves below it.
func (p *pdf) heading(s string, size float64) {
	p.para(s, size, true)
}

// para writes wrapped text across the content width at the left margin.
func (p *pdf) para(s string, size float64, bold bool) {
	p.font(size, bold)
	p.f.SetX(marginX)
	p.f.MultiCell(contentW, lineH(size), s, "", "L", false)
}

// wrap splits s into lines no wider than w at the given font.
func (p *pdf) wrap(s string, w, size float64, bold bool) []string {
	p.font(size, bold)
	if s == "" {
		return nil
	}
	return p.f.SplitText(s, w)
}

// lines writes already wrapped lines from (x, y) and returns the y below them.
func (p *pdf) lines(ls []string, x, y, size float64, bold bool) float64 {
	p.font(size, bold)
	for _, l := range ls {
		p.f.SetXY(x, y)
		p.f.CellFormat(0, lineH(size), l, "", 0, "L", false, 0, "")
		y += lineH(size)
	}
	return y
}

// room starts a new page unless h millimetres fit above the footer.
func (p *pdf) room(h float64) {
	if p.f.GetY()+h > pageH-footerSpace {
		p.f.AddPage()
	}
}

// rule draws a thin horizontal line across the content width at y.
func (p *pdf) rule(y, width float64) {
	p.f.SetLineWidth(width)
	p.f.SetDrawColor(0, 0, 0)
	p.f.Line(marginX, y, pageW-marginX, y)
}

// dateWords is a date as staff read it ("2 November 2026").
func dateWords(t time.Time) string { return t.Format("2 January 2006") }

// timeWords is a time as staff read it, in the zone it was recorded in.
func timeWords(t time.Time) string { return t.Format("2 January 2006, 15:04 (-07:00)") }
