package testenv

import (
	"testing"
)

// recorder is a testing.TB that records how Skip ended the test.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	r.msg = format
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = true
	r.msg = format
}

func TestSkip(t *testing.T) {
	tests := []struct {
		env           string
		fail, skipped bool
	}{
		{"1", true, false},
		{"", false, true},
		{"0", false, true},
		{"yes", false, true},
	}
	for _, tt := range tests {
		t.Run("env="+tt.env, func(t *testing.T) {
			t.Setenv(Var, tt.env)
			if Require() != tt.fail {
				t.Errorf("Require() = %v with %s=%q", !tt.fail, Var, tt.env)
			}
			r := &recorder{TB: t}
			Skip(r, "redis-server not found")
			if r.failed != tt.fail || r.skipped != tt.skipped {
				t.Errorf("with %s=%q: failed %v, skipped %v; want %v, %v", Var, tt.env, r.failed, r.skipped, tt.fail, tt.skipped)
			}
		})
	}
}
