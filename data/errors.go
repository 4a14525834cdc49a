package data

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrFormat is wrapped by every error that reports malformed input: a bad IDX magic
// number, a truncated or oversized payload, a CSV field that does not parse. Check with
// errors.Is(err, data.ErrFormat); errors.As with a *FormatError gives the file and the
// position. Errors of the underlying reader (a failing disk) are wrapped as they are and
// do not wrap ErrFormat.
var ErrFormat = errors.New("malformed data")

// FormatError is the error the readers return for malformed input. It names the file
// (empty for a reader that is not a file) and where in it the problem is: the byte
// Offset for IDX (counted in the decompressed stream when the file is gzip'd), the Row
// and Column for CSV (1-based: the line the record starts on, header and comments
// counted, and the field's number; Column 0 for an error of the whole record). It wraps ErrFormat and the cause, if any (io.ErrUnexpectedEOF for truncation, a
// *device.SizeError for sizes that overflow, gzip's errors).
type FormatError struct {
	Op     string // the function, as in "data.ReadIDXFile"
	File   string // the file's path, "" for a reader
	Offset int64  // IDX: the byte offset, -1 where there is none
	Gzip   bool   // IDX: Offset counts bytes of the decompressed stream
	Row    int    // CSV: the 1-based line number, 0 where there is none
	Column int    // CSV: the 1-based field number, 0 where there is none
	Msg    string
	Err    error
}

func (e *FormatError) Error() string {
	s := e.Op + ": "
	if e.File != "" {
		s += e.File + ": "
	}
	switch {
	case e.Row > 0 && e.Column > 0:
		s += "row " + strconv.Itoa(e.Row) + ", column " + strconv.Itoa(e.Column) + ": "
	case e.Row > 0:
		s += "row " + strconv.Itoa(e.Row) + ": "
	case e.Offset >= 0:
		s += "offset " + strconv.FormatInt(e.Offset, 10)
		if e.Gzip {
			s += " (decompressed)"
		}
		s += ": "
	}
	return s + e.Msg
}

// Unwrap returns ErrFormat and the cause.
func (e *FormatError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrFormat}
	}
	return []error{ErrFormat, e.Err}
}

// opError wraps a non-format error (the reader's own) with the op and file.
func opError(op, file string, err error) error {
	if file != "" {
		return fmt.Errorf("%s: %s: %w", op, file, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}
