package hubtest

import (
	"context"
	"testing"

	"smartkiosk/hub"
)

// testSettings checks Setting and PutSetting: unset is ErrNotFound, a put
// value comes back as put, a second put replaces it, keys are apart.
func testSettings(t *testing.T, open opener) {
	ctx := context.Background()
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).Setting(ctx, "reception")
		wantErr(t, "Setting never set", err, hub.ErrNotFound)
	})
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		must(t, "PutSetting", s.PutSetting(ctx, "reception", []byte(`{"a":1}`), base))
		must(t, "PutSetting", s.PutSetting(ctx, "staff_list", []byte(`["Ann Lee"]`), base))
		must(t, "PutSetting again", s.PutSetting(ctx, "reception", []byte(`{"a":2}`), base.Add(secs(1))))
		for key, want := range map[string]string{"reception": `{"a":2}`, "staff_list": `["Ann Lee"]`} {
			got, err := s.Setting(ctx, key)
			must(t, "Setting "+key, err)
			sameBytes(t, "Setting "+key, got, []byte(want))
		}
		_, err := s.Setting(ctx, "other")
		wantErr(t, "Setting of another key", err, hub.ErrNotFound)
	})
}
