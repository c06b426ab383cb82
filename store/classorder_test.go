package store

import (
	"slices"
	"testing"
)

func TestCompareClasses(t *testing.T) {
	t.Parallel()
	got := []string{"Willow", "12D", "11C", "7A", "Oak", "10B", "9B", "7B", "12", "Rowan"}
	slices.SortStableFunc(got, compareClasses)
	want := []string{"7A", "7B", "9B", "10B", "11C", "12", "12D", "Oak", "Rowan", "Willow"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
}
