package data

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gotensor/gotensor/tensor"
)

// CSVOptions configure ReadCSV. The zero value reads comma-separated numbers with no
// header.
type CSVOptions struct {
	// Header skips the first record (column names).
	Header bool
	// Delimiter separates fields: ',' when 0. ' ' means any run of spaces and tabs, as
	// np.loadtxt's default (no quoting then, and no empty fields).
	Delimiter rune
	// Comment, when not 0, starts a line to skip, as np.loadtxt's comments='#'.
	Comment rune
	// Missing lists more tokens that mean a missing value (as "NA"), besides an empty
	// field. Missing values read as NaN in float dtypes and are errors in the others.
	Missing []string
}

// ReadCSV reads a table of numbers from r, one record per line, and returns it as a
// 2-D CPU tensor of dtype dt (rows, columns), as np.loadtxt(r, delimiter=",",
// dtype=dt, ndmin=2) does, with missing values as np.genfromtxt: NaN for float32 and
// float64, an error naming row and column for int32, int64, uint8 and bool. Fields may
// be quoted and have spaces around them; floats accept nan, inf and exponents (a value
// beyond the dtype's range reads as ±Inf, as NumPy's); integers must be integers in the
// dtype's range; bools are true/false or 1/0 (Go's strconv.ParseBool). Empty lines are
// skipped, as is a UTF-8 byte order mark at the start. Every record must have as many fields as the first; input with no records
// gives shape (0, 0), or (0, C) after a header of C names.
//
// Malformed input is a *FormatError wrapping ErrFormat that names the line (Row) and
// the field (Column), both 1-based; errors of r itself are returned wrapped.
func ReadCSV(r io.Reader, dt tensor.DType, opts CSVOptions) (*tensor.Tensor, error) {
	if r == nil {
		return nil, errors.New("data.ReadCSV: nil reader")
	}
	return readCSV(r, dt, opts, "data.ReadCSV", "")
}

// ReadCSVFile reads the CSV file at path as ReadCSV does; errors name the file.
func ReadCSVFile(path string, dt tensor.DType, opts CSVOptions) (*tensor.Tensor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data.ReadCSVFile: %w", err)
	}
	defer f.Close()
	return readCSV(f, dt, opts, "data.ReadCSVFile", path)
}

// csvSource yields records with the line each starts on; io.EOF after the last.
type csvSource interface {
	next() (fields []string, line int, err error)
}

type csvStd struct{ r *csv.Reader }

func (s csvStd) next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err != nil {
		return nil, 0, err
	}
	line, _ := s.r.FieldPos(0)
	return rec, line, nil
}

// csvSpaces splits lines at runs of spaces and tabs.
type csvSpaces struct {
	r       *bufio.Reader
	line    int
	comment rune
}

func (s *csvSpaces) next() ([]string, int, error) {
	for {
		text, err := s.r.ReadString('\n')
		if text == "" && err != nil {
			return nil, 0, err
		}
		if err != nil && err != io.EOF {
			return nil, 0, err
		}
		s.line++
		f := strings.Fields(text)
		if len(f) == 0 || (s.comment != 0 && strings.HasPrefix(strings.TrimLeft(text, " \t"), string(s.comment))) {
			continue
		}
		return f, s.line, nil
	}
}

// csvTable reads records of numbers of one type.
type csvTable struct {
	src      csvSource
	op, file string
	dt       tensor.DType
	missing  []string
	header   bool
}

func (c *csvTable) fail(row, col int, cause error, format string, args ...any) error {
	return &FormatError{Op: c.op, File: c.file, Offset: -1, Row: row, Column: col, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// readErr turns a failed read into a format error (bad quoting) or r's own error.
func (c *csvTable) readErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return c.fail(pe.Line, 0, pe.Err, "%v", pe.Err)
	}
	return opError(c.op, c.file, err)
}

func readCSV(r io.Reader, dt tensor.DType, opts CSVOptions, op, file string) (*tensor.Tensor, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); string(b) == "\ufeff" { // a UTF-8 byte order mark, as spreadsheets write
		br.Discard(3)
	}
	r = br
	c := &csvTable{op: op, file: file, dt: dt, missing: append([]string{""}, opts.Missing...), header: opts.Header}
	if opts.Delimiter == ' ' {
		c.src = &csvSpaces{r: br, comment: opts.Comment}
	} else {
		cr := csv.NewReader(r)
		if opts.Delimiter != 0 {
			cr.Comma = opts.Delimiter
		}
		cr.Comment = opts.Comment
		cr.FieldsPerRecord = -1 // checked here, to name row and column
		cr.TrimLeadingSpace = true
		c.src = csvStd{cr}
	}
	switch dt {
	case tensor.Float64:
		return csvRead(c, func(s string) (float64, error) { return parseFloat(s, 64) }, math.NaN())
	case tensor.Float32:
		return csvRead(c, func(s string) (float32, error) { v, err := parseFloat(s, 32); return float32(v), err }, float32(math.NaN()))
	case tensor.Int64:
		return csvRead(c, func(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }, nil)
	case tensor.Int32:
		return csvRead(c, func(s string) (int32, error) { v, err := strconv.ParseInt(s, 10, 32); return int32(v), err }, nil)
	case tensor.Uint8:
		return csvRead(c, func(s string) (uint8, error) { v, err := strconv.ParseUint(s, 10, 8); return uint8(v), err }, nil)
	case tensor.Bool:
		return csvRead(c, strconv.ParseBool, nil)
	}
	return nil, fmt.Errorf("%s: unsupported dtype %v", op, dt)
}

// parseFloat parses as NumPy does: a value beyond the range is ±Inf, not an error.
func parseFloat(s string, bits int) (float64, error) {
	v, err := strconv.ParseFloat(s, bits)
	if err != nil && errors.Is(err, strconv.ErrRange) {
		err = nil
	}
	return v, err
}

// csvRead reads every record of c. nan is the value of a missing field; nil makes a
// missing field an error.
func csvRead[T interface {
	float32 | float64 | int32 | int64 | uint8 | bool
}](c *csvTable, parse func(string) (T, error), nan any) (*tensor.Tensor, error) {
	var out []T
	cols, rows := -1, 0
	first := 0
	for {
		rec, line, err := c.src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, c.readErr(err)
		}
		if cols < 0 {
			cols, first = len(rec), line
			if c.header {
				continue
			}
		}
		if len(rec) != cols {
			return nil, c.fail(line, min(len(rec), cols)+1, nil, "%d fields, but the record on line %d has %d", len(rec), first, cols)
		}
		for k, f := range rec {
			f = strings.TrimSpace(f)
			if slices.Contains(c.missing, f) {
				if nan == nil {
					return nil, c.fail(line, k+1, nil, "missing value (%q): %v has no NaN; read as float32 or float64", f, c.dt)
				}
				out = append(out, nan.(T))
				continue
			}
			v, err := parse(f)
			if err != nil {
				why := "not a number"
				if errors.Is(err, strconv.ErrRange) {
					why = "out of range"
				}
				return nil, c.fail(line, k+1, err, "%q is %s for %v", f, why, c.dt)
			}
			out = append(out, v)
		}
		rows++
	}
	if cols < 0 {
		cols = 0
	}
	if out == nil {
		out = []T{}
	}
	return tensor.FromSlice(out, rows, cols), nil
}
