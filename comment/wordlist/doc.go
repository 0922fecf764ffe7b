// Package wordlist finds the words and phrases of a Vietnamese word list in
// comments: banned words (Refuse or Hold), suspect words (Suspect, held for
// a moderator) and words shown masked (Mask, letters replaced by '*').
//
// Matching is on whole words, after folding by internal/wordfold: case,
// accents, đ and the placement of the tone do not matter, nor do the tricks
// readers use to get past a filter: letters spelled apart ("đ.m", "d m"),
// repeated ("đmmm"), digits and symbols for letters ("đ1t", "l0z", "@"),
// phrases run together ("ditme"). Diacritics that are typed count: an entry
// with accents matches its own spelling and its spelling without any accent,
// never a word with other accents, so "cặc" does not fire on "các", nor "đĩ"
// on "đi". Text may leave out the stroke of đ ("dm" is "đm"), except for a
// strict entry ("!" in the list format), which matches neither its plain
// unaccented spelling nor its spelling without the stroke, because these
// are everyday words ("cac" is "các" typed without accents, "dĩ" is the
// "dĩ" of "dĩ nhiên", "dụ" that of "dụ dỗ"); it still matches them
// disguised ("c4c", "d.ĩ").
//
// # Lifecycle
//
// A site starts from Default, the project's list (default.txt; README.md
// says how it was made), adds entries of its own from Parse, and compiles
// the lot with New, where a later entry of a phrase replaces an earlier one
// and a Drop entry removes it. The compiled List answers Match, Worst and
// Mask; to change the list, compile a new one and swap it in.
//
// # Concurrency
//
// A List is immutable once New returns it and is safe for concurrent use by
// any number of goroutines; each call borrows its working buffers from a
// pool. Parse, Default and New may be called concurrently. Nothing in the
// package panics on any input, invalid UTF-8 included.
package wordlist
