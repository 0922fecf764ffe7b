package classify

// table holds the model's features: an open-addressing hash table with
// linear probing whose slots hold each feature's counts and weight inline,
// so that scoring a feature is one probe sequence in one array, and
// fitting the weights, which looks every feature of a document up twice,
// can keep slot numbers between the looks (no slot moves unless a feature
// is added or removed).
type table struct {
	slots []entry // a power of two of them; key 0 marks a free one
	shift uint    // 64 - log2(len(slots))
	n     int     // slots in use
}

// entry is a feature of the model: its hash, how many documents of each
// class had it, the weight of its naive Bayes log-odds (see learn) and
// the additive weight Train fits (see refit). The additive weight takes
// the four bytes the alignment of key would leave as padding: an entry is
// 24 bytes either way.
type entry struct {
	key uint64
	n   counts
	w   float32
	a   float32
}

// zeroKey stands in the table for the hash 0, which marks a free slot: a
// feature hashing to 0 shares its slot with one hashing to zeroKey, a
// collision as unlikely as any other between 64-bit hashes.
const zeroKey = 0x9E3779B97F4A7C15

// tableKey returns the key of a feature's hash.
func tableKey(h uint64) uint64 {
	if h == 0 {
		return zeroKey
	}
	return h
}

// minTableSlots is the size of a new table.
const minTableSlots = 64

// newTable returns an empty table with room for about n features.
func newTable(n int) table {
	size := minTableSlots
	for size*3 < n*4 {
		size *= 2
	}
	var t table
	t.alloc(size)
	return t
}

// alloc gives the table size free slots.
func (t *table) alloc(size int) {
	t.slots = make([]entry, size)
	t.shift = 64
	for s := size; s > 1; s >>= 1 {
		t.shift--
	}
	t.n = 0
}

// home returns the slot where a key's probe sequence starts.
func (t *table) home(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> t.shift)
}

// probe returns the slot holding key or, if the key is not there, the
// free slot that ends its probe sequence. The table must have a free
// slot.
func (t *table) probe(key uint64) int {
	mask := len(t.slots) - 1
	for i := t.home(key); ; i = (i + 1) & mask {
		if k := t.slots[i].key; k == key || k == 0 {
			return i
		}
	}
}

// find returns the slot of a feature, or -1. It walks the probe sequence
// itself rather than calling probe: with the call it is past the
// compiler's inlining budget, and scoring calls it for every feature.
func (t *table) find(h uint64) int {
	if t.n == 0 {
		return -1
	}
	key := tableKey(h)
	mask := len(t.slots) - 1
	for i := t.home(key); ; i = (i + 1) & mask {
		switch t.slots[i].key {
		case key:
			return i
		case 0:
			return -1
		}
	}
}

// touch reads the home slot of every feature of hs and returns a value
// made of them, for the caller to keep: the slots' cache lines are then
// fetched together, not one miss after the other as the probes go.
func (t *table) touch(hs []uint64) uint64 {
	if len(t.slots) == 0 {
		return 0
	}
	var x uint64
	for _, h := range hs {
		x += t.slots[t.home(tableKey(h))].key
	}
	return x
}

// insert returns the slot of a feature, adding it with no counts and
// weight 1 if it is new. Adding may move every slot.
func (t *table) insert(h uint64) int {
	t.reserve(1)
	key := tableKey(h)
	i := t.probe(key)
	if t.slots[i].key == 0 {
		t.slots[i] = entry{key: key, w: 1}
		t.n++
	}
	return i
}

// reserve grows the table until k more features fit without growing it.
func (t *table) reserve(k int) {
	for 4*(t.n+k) > 3*len(t.slots) {
		t.grow()
	}
}

// grow doubles the table.
func (t *table) grow() {
	old := t.slots
	if len(old) == 0 {
		t.alloc(minTableSlots)
		return
	}
	t.alloc(2 * len(old))
	for _, e := range old {
		if e.key != 0 {
			t.slots[t.probe(e.key)] = e // keys are distinct: a free slot
			t.n++
		}
	}
}

// remove empties slot i, moving back the entries after it that would
// otherwise no longer be found. It may move other slots.
func (t *table) remove(i int) {
	mask := len(t.slots) - 1
	for j := (i + 1) & mask; t.slots[j].key != 0; j = (j + 1) & mask {
		// The entry at j may fill the hole at i when its home is not in
		// the cyclic range (i, j].
		if home := t.home(t.slots[j].key); (j-home)&mask >= (j-i)&mask {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = entry{}
	t.n--
}
