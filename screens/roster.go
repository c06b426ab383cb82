package screens

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"smartkiosk/policy"
	"smartkiosk/roster"
	"smartkiosk/store"
	"smartkiosk/translations"
)

// Importer reads a roster file, previews it and imports it all or nothing.
type Importer interface {
	PlanRoster(ctx context.Context, f *roster.File) (store.RosterPlan, error)
	ImportRoster(ctx context.Context, f *roster.File, opts store.RosterOptions) (store.RosterResult, error)
}

// rosterImport lets an admin choose a roster CSV, see what would change,
// and import it.
type rosterImport struct {
	k       *Kiosk
	name    string
	file    *roster.File
	plan    *store.RosterPlan
	message string
	choose  *Target
	doIt    *Target
	back    *Target
}

func newRosterImport(k *Kiosk) *rosterImport { return &rosterImport{k: k} }

func (s *rosterImport) adultOnly() {}

func (s *rosterImport) buildUI() fyne.CanvasObject {
	tr := s.k.Tr
	s.back = NewTarget(tr.T(translations.NavBack), sizeSmall, CardFill, s.k.showHome)
	s.choose = NewTarget(tr.T(translations.RosterChoose), sizeSmall.AddWidthHeight(MM(15), 0), CardFill, s.onChoose)
	s.doIt = nil
	msg := note(s.message)
	msg.Alignment = fyne.TextAlignLeading
	if s.plan == nil {
		body := container.NewVBox(note(tr.T(translations.RosterIntro)), container.NewCenter(s.choose), msg)
		return page(heading(tr.T(translations.RosterTitle)), body, container.NewHBox(s.back))
	}
	top := heading(tr.T(translations.RosterPreview, map[string]any{"File": s.name}))
	switch {
	case len(s.plan.Problems) > 0:
	case s.plan.MassLeave:
		s.doIt = NewTarget(tr.T(translations.RosterImportAll), sizeSmall.AddWidthHeight(MM(25), 0), CardFill, func() { s.onImport(true) })
	default:
		s.doIt = NewTarget(tr.T(translations.RosterImport), sizeSmall, AgreeFill, func() { s.onImport(false) })
	}
	bottom := container.NewHBox(s.back, s.choose)
	if s.doIt != nil {
		bottom = container.NewBorder(nil, nil, container.NewHBox(s.back, s.choose), s.doIt)
	}
	return page(top, vscroll(container.NewVBox(s.summary(), msg)), bottom)
}

// summary is the preview: counts, then every problem or change.
func (s *rosterImport) summary() fyne.CanvasObject {
	tr, p := s.k.Tr, s.plan
	var lines []string
	if len(p.Problems) > 0 {
		lines = append(lines, tr.T(translations.RosterProblems, map[string]any{"Count": len(p.Problems)}))
		for _, pr := range p.Problems {
			lines = append(lines, pr.String())
		}
	} else {
		lines = append(lines, tr.T(translations.RosterCounts, map[string]any{"Add": len(p.Add), "Update": len(p.Update), "Leave": len(p.Leave), "Same": p.Unchanged}))
		if p.MassLeave {
			lines = append(lines, "", tr.T(translations.RosterMassLeave, map[string]any{"Leave": len(p.Leave), "Active": p.Active}))
		}
		if p.NoBand > 0 {
			lines = append(lines, "", tr.T(translations.RosterNoBand, map[string]any{"Count": p.NoBand, "Band": bandWords(s.k.Pack, p.StartBand)}))
		}
		lines = append(lines, "")
		for _, r := range p.Add {
			lines = append(lines, tr.T(translations.RosterAddLine, map[string]any{"Name": r.GivenName + " " + r.FamilyName, "Class": r.Class}))
		}
		for _, c := range p.Update {
			lines = append(lines, tr.T(translations.RosterChangeLine, map[string]any{"Name": c.Row.GivenName + " " + c.Row.FamilyName, "Changes": strings.Join(c.Changes, ", ")}))
		}
		for _, l := range p.Leave {
			lines = append(lines, tr.T(translations.RosterLeaveLine, map[string]any{"Name": l.Name(), "Class": l.Class}))
		}
	}
	l := widget.NewLabel(strings.Join(lines, "\n"))
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (s *rosterImport) onChoose() {
	s.k.pickCSV(s, func(name string, data []byte, err error) {
		s.read(name, data, err)
		s.k.nav.Show(s)
	})
}

// read parses and previews a chosen file.
func (s *rosterImport) read(name string, data []byte, err error) {
	tr := s.k.Tr
	s.name, s.file, s.plan, s.message = name, nil, nil, ""
	if err != nil {
		s.message = tr.T(translations.RosterUnreadable)
		return
	}
	f, err := roster.Parse(bytes.NewReader(data), s.k.Pack.BandNames())
	var bad *roster.FileError
	switch {
	case errors.As(err, &bad):
		s.message = bad.Reason
		return
	case err != nil:
		s.message = tr.T(translations.RosterUnreadable)
		return
	}
	plan, err := s.k.Importer.PlanRoster(s.k.ctx, f)
	if err != nil {
		s.message = tr.T(translations.RosterFailed)
		return
	}
	s.file, s.plan = f, &plan
}

func (s *rosterImport) onImport(allLeave bool) {
	tr, k := s.k.Tr, s.k
	res, err := k.Importer.ImportRoster(k.ctx, s.file, store.RosterOptions{AllowMassLeave: allLeave})
	s.plan, s.file = nil, nil
	if err != nil {
		s.message = tr.T(translations.RosterFailed)
		var mass *store.MassLeaveError
		if errors.As(err, &mass) {
			s.message = mass.Error()
		}
		k.nav.Show(s)
		return
	}
	_ = k.Adults.Audit(k.ctx, k.adultID(), store.AuditRosterImported, fmt.Sprintf("%d added, %d updated, %d left", res.Added, res.Updated, res.Left))
	s.message = tr.T(translations.RosterDone, map[string]any{"Add": res.Added, "Update": res.Updated, "Leave": res.Left})
	k.nav.Show(s)
}

func (s *rosterImport) targets() []*Target {
	if s.doIt != nil {
		return []*Target{s.doIt, s.choose, s.back}
	}
	return []*Target{s.choose, s.back}
}

// bandWords names a band as the school does: its alias ("P4–P7"), else
// its title, else its id.
func bandWords(pack *policy.Pack, id string) string {
	b, ok := pack.Band(id)
	switch {
	case !ok:
		return id
	case b.Alias != "":
		return b.Alias
	case b.Title.In(policy.DefaultLang) != "":
		return b.Title.In(policy.DefaultLang)
	}
	return id
}
