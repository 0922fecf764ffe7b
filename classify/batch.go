package classify

// batchCounts adds up, for LearnBatch, how many documents of each class
// had each feature, before the lock is taken: an open-addressing table
// with linear probing, cheaper than a map for this one job, so that the
// model's map is then touched once per distinct feature rather than once
// per feature of every document.
type batchCounts struct {
	slots []batchSlot // a power of two of them; hash 0 marks a free one
	shift uint        // 64 - log2(len(slots))
	n     int         // slots in use
	zero  counts      // the counts of hash 0, which cannot go in a slot
	docs  [2]uint64   // documents per class
	total [2]uint64   // feature occurrences per class
}

// batchSlot is a feature's hash and counts.
type batchSlot struct {
	h uint64
	n counts
}

// newBatchCounts returns an empty table sized for about n features.
func newBatchCounts(n int) *batchCounts {
	size := 64
	for size*3 < n*4 && size < 1<<20 {
		size *= 2
	}
	b := &batchCounts{}
	b.alloc(size)
	return b
}

// alloc gives the table size free slots.
func (b *batchCounts) alloc(size int) {
	b.slots = make([]batchSlot, size)
	b.shift = 64
	for s := size; s > 1; s >>= 1 {
		b.shift--
	}
	b.n = 0
}

// slot returns where h goes: its slot, or the free one that ends its
// probe sequence. h must not be 0.
func (b *batchCounts) slot(h uint64) *batchSlot {
	mask := uint64(len(b.slots) - 1)
	for i := (h * 0x9E3779B97F4A7C15) >> b.shift; ; i = (i + 1) & mask {
		s := &b.slots[i]
		if s.h == h || s.h == 0 {
			return s
		}
	}
}

// add counts a document of class c that has the features hs, each once.
func (b *batchCounts) add(c Class, hs []uint64) {
	b.docs[c]++
	b.total[c] += uint64(len(hs))
	for _, h := range hs {
		if h == 0 {
			b.zero[c]++
			continue
		}
		s := b.slot(h)
		if s.h == 0 {
			if 4*(b.n+1) > 3*len(b.slots) {
				b.grow()
				s = b.slot(h)
			}
			s.h = h
			b.n++
		}
		s.n[c]++
	}
}

// grow doubles the table.
func (b *batchCounts) grow() {
	old := b.slots
	b.alloc(2 * len(old))
	for _, o := range old {
		if o.h != 0 {
			*b.slot(o.h) = o
			b.n++
		}
	}
}

// features returns the number of distinct features counted.
func (b *batchCounts) features() int {
	if b.zero != (counts{}) {
		return b.n + 1
	}
	return b.n
}

// each calls f with every feature counted and its counts.
func (b *batchCounts) each(f func(h uint64, n counts)) {
	if b.zero != (counts{}) {
		f(0, b.zero)
	}
	for _, s := range b.slots {
		if s.h != 0 {
			f(s.h, s.n)
		}
	}
}
