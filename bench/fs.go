package main

import "os"

func ok(p string) bool { _, err := os.Stat(p); return err == nil }
