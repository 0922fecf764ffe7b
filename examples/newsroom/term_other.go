//go:build !linux

package main

import (
	"fmt"
	"os"
)

// isTerminal reports whether f is a terminal: a character device.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// noEcho cannot turn off the echo here: it says so, and the password
// typed shows.
func noEcho() (func(), error) {
	fmt.Fprint(os.Stderr, "(the password shows as you type on this system) ")
	return func() {}, nil
}
