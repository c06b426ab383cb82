package hub_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"smartkiosk/hub"
)

// TestReadRoster_KeepsLanguage: the Language column of a school's file
// reaches the hub's roster, and so the kiosks; it was dropped.
func TestReadRoster_KeepsLanguage(t *testing.T) {
	t.Parallel()
	ctx, st := context.Background(), newStore(t)
	file := "UPN,Legal Surname,Legal Forename,Reg Group,Year,Language\n" +
		"K999900124101,Hughes,Amelia,Oak,Year 7,CY\n" +
		"Z999900124102,Bennett,Oliver,Oak,Year 7,\n"
	f, pupils, err := hub.ReadRoster(ctx, st, strings.NewReader(file))
	if err != nil || len(f.Problems) > 0 || len(pupils) != 2 {
		t.Fatalf("ReadRoster = %v, %d pupils, %v", f.Problems, len(pupils), err)
	}
	if _, err := st.PutRoster(ctx, pupils, time.Now()); err != nil {
		t.Fatal(err)
	}
	page, err := st.Roster(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Pupils) != 2 || page.Pupils[0].Language != "cy" || page.Pupils[1].Language != "" {
		t.Errorf("the hub's roster = %+v, want Amelia's language cy and none for Oliver", page.Pupils)
	}
}
