package hub

import (
	"context"
	"io"
)

// SchoolCSV writes every record u may see as CSV, as the "Records (CSV)"
// export of every class does, for tests and benchmarks in package hub_test.
func (s *Server) SchoolCSV(ctx context.Context, w io.Writer, u User) (records int, err error) {
	v, err := (&web{s: s}).load(ctx, u, "", exportFlags("csv"))
	if err != nil {
		return 0, err
	}
	return len(v.recs), s.exportCSV(ctx, w, v, true, nil)
}
