package classify

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The table against a map, through random inserts and removals, with keys
// crowded into few home slots so that probe sequences wrap and removals
// move entries back.
func TestTableAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tab := newTable(0)
	want := map[uint64]uint32{}
	key := func() uint64 {
		if rng.IntN(10) == 0 {
			return 0 // the hash that marks free slots, standing in as zeroKey
		}
		return rng.Uint64N(300) << 58 // few distinct homes in a small table
	}
	for step := 0; step < 20000; step++ {
		h := key()
		if rng.IntN(3) == 0 {
			if i := tab.find(h); i >= 0 {
				tab.remove(i)
			}
			delete(want, h)
		} else {
			i := tab.insert(h)
			tab.slots[i].n[Spam]++
			want[h]++
		}
		if step%997 == 0 {
			require.Equal(t, len(want), tab.n, "step %d", step)
			for h, n := range want {
				i := tab.find(h)
				require.GreaterOrEqual(t, i, 0, "step %d: %x lost", step, h)
				require.Equal(t, n, tab.slots[i].n[Spam])
				require.Equal(t, float32(1), tab.slots[i].w)
			}
		}
	}
	empty := newTable(0)
	assert.Equal(t, -1, empty.find(42), "an empty table finds nothing")
	assert.Equal(t, -1, (&table{}).find(42), "nor does the zero table")
	var zero table
	zero.slots[zero.insert(7)].n[Ham] = 3
	assert.Equal(t, uint32(3), zero.slots[zero.find(7)].n[Ham], "the zero table grows on first insert")
}

func BenchmarkTableFind(b *testing.B) {
	tab := newTable(0)
	keys := make([]uint64, 200000)
	for i := range keys {
		keys[i] = rand.Uint64()
		tab.insert(keys[i])
	}
	b.ResetTimer()
	found := 0
	for i := 0; i < b.N; i++ {
		if tab.find(keys[i%len(keys)]) >= 0 {
			found++
		}
	}
	if found != b.N {
		b.Fatal("lost keys")
	}
}

// The additive weight fills what would be the padding of an entry: the
// table is no larger for it.
func TestEntrySize(t *testing.T) {
	assert.Equal(t, uintptr(24), unsafe.Sizeof(entry{}))
}
