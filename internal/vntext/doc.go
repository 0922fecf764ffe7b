// Package vntext is the Vietnamese text core shared by the rest of binhluan.
//
// It cleans text scraped from news pages and typed by readers (Normalize,
// NormalizeLines), makes comparison and search keys that do not depend on
// how a word was typed (CanonicalTones, Key, FoldKey), strips diacritics for
// ASCII-only uses (Fold, Slug), and cuts text to a length without breaking
// characters or words (Truncate, TruncateWords). IsASCII and Words are small
// helpers used on hot paths.
//
// # Pieces for fast paths
//
// Code that reads text byte by byte, such as the tokenizer of package
// classify, takes its rules from here rather than keeping copies:
// DecodeRune decodes the runes Vietnamese text is made of without a call;
// AppendFold is Fold into a caller's buffer, without allocating;
// LowerSameLength and LowerRuneSameLength lower case as Key does while
// keeping every rune's byte length, so that offsets agree with the
// original; IsRemoved, IsSpace and IsStable tell which runes Normalize
// removes, makes a space, or leaves as they are wherever they stand, and
// IsASCIISpace which bytes are white space of their own; and
// CollapseSpaces applies Normalize's rule for white space alone, to text
// known to need nothing more.
//
// # Purity and concurrency
//
// Every function is pure: it depends only on its arguments and never
// modifies shared data, so all of them are safe for concurrent use. The
// lookup tables behind Fold and the NFC checks are built once, on first
// use, so that a program that imports the package without calling it pays
// nothing at start-up. None of the functions panics, whatever the input,
// including invalid UTF-8. Functions that find nothing to change return
// their argument itself, without allocating; ASCII input takes a fast path
// wherever the result can be known from the bytes alone.
//
// # Conventions
//
// Text is handled in Unicode Normalization Form C (NFC), the precomposed form
// that Vietnamese keyboards and most Vietnamese sites produce: "ệ" is one code
// point, U+1EC7, not "e" followed by two combining marks. Functions that
// return cleaned text (Normalize, NormalizeLines, CanonicalTones, Key) return
// NFC; Fold and Truncate accept decomposed input as well and treat it the
// same way as its composed equivalent.
//
// The letters đ (U+0111) and Đ (U+0110) are letters in their own right, not
// d with a combining stroke: they have no canonical decomposition, so the
// usual "decompose and drop the marks" recipe leaves them alone. Fold maps
// them to d and D explicitly, and Key lower-cases Đ to đ.
//
// # Tone placement
//
// Vietnamese writes the tone mark on one vowel of a syllable, and two
// conventions disagree on which vowel for a few clusters without a final
// consonant: the traditional ("old-style") placement writes hòa, thủy, khỏe,
// the newer one hoà, thuỷ, khoẻ. Both are in everyday use, often on the same
// page, so a plain string comparison would treat them as different words.
// CanonicalTones rewrites every syllable to a single placement so that both
// spellings give the same key. The traditional placement was chosen as the
// canonical form because it is what most Vietnamese news sites, and thus most
// of the text this project reads, already use: canonicalising to it changes
// the fewest words and keeps keys looking like the text readers see.
package vntext
