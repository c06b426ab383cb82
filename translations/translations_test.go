package translations

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"sort"
	"strconv"
	"testing"

	"github.com/BurntSushi/toml"
)

// messageIDs reads the IDs of every i18n.Message literal in messages.go, as
// `goi18n extract` would.
func messageIDs(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "messages.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "ID" {
			if lit, ok := kv.Value.(*ast.BasicLit); ok {
				id, _ := strconv.Unquote(lit.Value)
				ids = append(ids, id)
			}
		}
		return true
	})
	sort.Strings(ids)
	return ids
}

func TestMessageFiles_HaveEveryID(t *testing.T) {
	ids := messageIDs(t)
	if len(ids) < 10 {
		t.Fatalf("found only %d message IDs in messages.go", len(ids))
	}
	names, _ := fs.Glob(files, "active.*.toml")
	if len(names) == 0 {
		t.Fatal("no active.*.toml files embedded")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, _ := files.ReadFile(name)
			var got map[string]any
			if err := toml.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if _, ok := got[id]; !ok {
					t.Errorf("%s lacks %s", name, id)
				}
			}
			for id := range got {
				if i := sort.SearchStrings(ids, id); i == len(ids) || ids[i] != id {
					t.Errorf("%s has %s, which messages.go no longer defines", name, id)
				}
			}
		})
	}
}

func TestTranslator_T(t *testing.T) {
	tr, err := New("en-GB")
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.T(WelcomeHello, map[string]any{"Name": "Ada"}); got != "Hello Ada" {
		t.Errorf("WelcomeHello = %q", got)
	}
	if got := tr.T(CountersignFollowUps, map[string]any{"Count": 1}); got != "1 answer needs follow-up teaching." {
		t.Errorf("one follow-up = %q", got)
	}
	if got := tr.T(CountersignFollowUps, map[string]any{"Count": 3}); got != "3 answers need follow-up teaching." {
		t.Errorf("three follow-ups = %q", got)
	}
	if langs := Languages(); len(langs) == 0 || langs[0] != Default {
		t.Errorf("Languages() = %v", langs)
	}
}
