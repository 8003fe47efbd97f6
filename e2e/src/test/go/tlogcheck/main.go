// tlogcheck verifies Export Jobs' ledger checkpoints and proofs with the Go ecosystem's own
// transparency-log code: golang.org/x/mod/sumdb/note opens the signed checkpoints, and
// github.com/transparency-dev/merkle (rfc6962, proof, compact) hashes leaves, checks inclusion
// and consistency proofs and rebuilds roots from compact ranges. It shares no code with the
// service, so agreement between the two is evidence of interoperability.
//
//	tlogcheck api  -url BASE -key API_KEY -origin ORIGIN -sizes 250,600,1000 -pairs 1:2,10:600
//	tlogcheck note -vkey NOTE_VERIFIER_KEY -in CHECKPOINT_FILE
//	tlogcheck pack -vkey NOTE_VERIFIER_KEY -dir DIR   (DIR holds checkpoint, proof.json, entries.ndjson)
//
// Each prints one JSON object on stdout and exits 0 when everything verified; otherwise it says
// what failed on stderr and exits 1 (2 for bad usage).
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

var hasher = rfc6962.DefaultHasher

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "api":
		err = runAPI(os.Args[2:])
	case "note":
		err = runNote(os.Args[2:])
	case "pack":
		err = runPack(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tlogcheck:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: tlogcheck api|note|pack [flags]")
	os.Exit(2)
}

// checkpoint is a C2SP tlog-checkpoint body, read after its note verified.
type checkpoint struct {
	Origin string `json:"origin"`
	Size   uint64 `json:"size"`
	Root   []byte `json:"root"`
}

func openCheckpoint(msg []byte, verifier note.Verifier) (checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint note: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return checkpoint{}, errors.New("checkpoint has fewer than 3 lines")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil || strconv.FormatUint(size, 10) != lines[1] {
		return checkpoint{}, fmt.Errorf("checkpoint size %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != hasher.Size() {
		return checkpoint{}, fmt.Errorf("checkpoint root %q", lines[2])
	}
	return checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}

// rootOf folds leaves [0, n) into a root with compact.Range, as a log would.
func rootOf(leaves [][]byte) ([]byte, error) {
	if len(leaves) == 0 {
		return hasher.EmptyRoot(), nil
	}
	rf := compact.RangeFactory{Hash: hasher.HashChildren}
	r := rf.NewEmptyRange(0)
	for _, l := range leaves {
		if err := r.Append(l, nil); err != nil {
			return nil, err
		}
	}
	return r.GetRootHash(nil)
}

// leafOf is the leaf hash of an entry hash "sha256:<64 hex>": SHA-256(0x00 || 32 bytes).
func leafOf(entryHash string) ([]byte, error) {
	raw, err := hex.DecodeString(strings.TrimPrefix(entryHash, "sha256:"))
	if err != nil || len(raw) != 32 || !strings.HasPrefix(entryHash, "sha256:") {
		return nil, fmt.Errorf("entry hash %q", entryHash)
	}
	return hasher.HashLeaf(raw), nil
}

func decodeHashes(in []string) ([][]byte, error) {
	out := make([][]byte, len(in))
	for i, s := range in {
		h, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(h) != hasher.Size() {
			return nil, fmt.Errorf("hash %q is not base64 of 32 bytes", s)
		}
		out[i] = h
	}
	return out, nil
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	return enc.Encode(v)
}

// ---- note ----

func runNote(args []string) error {
	fs := flag.NewFlagSet("note", flag.ExitOnError)
	vkey := fs.String("vkey", "", "note verifier key")
	in := fs.String("in", "", "signed checkpoint file")
	fs.Parse(args)
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		return fmt.Errorf("verifier key: %w", err)
	}
	msg, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	c, err := openCheckpoint(msg, verifier)
	if err != nil {
		return err
	}
	return printJSON(map[string]any{
		"origin": c.Origin, "size": c.Size, "root": c.Root,
		"keyName": verifier.Name(), "keyHash": fmt.Sprintf("%08x", verifier.KeyHash()),
	})
}

// ---- pack ----

type proofFile struct {
	TreeSize uint64 `json:"treeSize"`
	Span     struct {
		FirstSeq uint64 `json:"firstSeq"`
		LastSeq  uint64 `json:"lastSeq"`
	} `json:"span"`
	Left     []string `json:"left"`
	Right    []string `json:"right"`
	Excluded []struct {
		Seq      uint64 `json:"seq"`
		LeafHash string `json:"leafHash"`
	} `json:"excluded"`
}

func runPack(args []string) error {
	fs := flag.NewFlagSet("pack", flag.ExitOnError)
	vkey := fs.String("vkey", "", "note verifier key")
	dir := fs.String("dir", "", "directory with checkpoint, proof.json and entries.ndjson")
	fs.Parse(args)
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		return fmt.Errorf("verifier key: %w", err)
	}
	msg, err := os.ReadFile(filepath.Join(*dir, "checkpoint"))
	if err != nil {
		return err
	}
	c, err := openCheckpoint(msg, verifier)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(*dir, "proof.json"))
	if err != nil {
		return err
	}
	var p proofFile
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("proof.json: %w", err)
	}
	if p.TreeSize != c.Size {
		return fmt.Errorf("proof.json treeSize %d, checkpoint size %d", p.TreeSize, c.Size)
	}
	first, last := p.Span.FirstSeq, p.Span.LastSeq
	if first < 1 || last+1 < first || last > p.TreeSize {
		return fmt.Errorf("span [%d, %d] is not in a tree of %d", first, last, p.TreeSize)
	}
	leaves := map[uint64][]byte{}
	entries, err := readEntries(filepath.Join(*dir, "entries.ndjson"), leaves)
	if err != nil {
		return err
	}
	for _, x := range p.Excluded {
		h, err := decodeHashes([]string{x.LeafHash})
		if err != nil {
			return fmt.Errorf("excluded seq %d: %w", x.Seq, err)
		}
		if _, dup := leaves[x.Seq]; dup {
			return fmt.Errorf("seq %d is both an entry and excluded", x.Seq)
		}
		leaves[x.Seq] = h[0]
	}
	left, err := decodeHashes(p.Left)
	if err != nil {
		return err
	}
	right, err := decodeHashes(p.Right)
	if err != nil {
		return err
	}
	rf := compact.RangeFactory{Hash: hasher.HashChildren}
	r, err := rf.NewRange(0, first-1, left)
	if err != nil {
		return fmt.Errorf("left: %w", err)
	}
	for seq := first; seq <= last; seq++ {
		l, ok := leaves[seq]
		if !ok {
			return fmt.Errorf("seq %d of the span is neither an entry nor excluded", seq)
		}
		delete(leaves, seq)
		if err := r.Append(l, nil); err != nil {
			return err
		}
	}
	if len(leaves) != 0 {
		return fmt.Errorf("%d entries or excluded leaves lie outside the span", len(leaves))
	}
	rr, err := rf.NewRange(last, p.TreeSize, right)
	if err != nil {
		return fmt.Errorf("right: %w", err)
	}
	if err := r.AppendRange(rr, nil); err != nil {
		return err
	}
	root, err := r.GetRootHash(nil)
	if err != nil {
		return err
	}
	if p.TreeSize == 0 {
		root = hasher.EmptyRoot()
	}
	if !bytes.Equal(root, c.Root) {
		return fmt.Errorf("root rebuilt from proof.json and the entries does not match the checkpoint")
	}
	return printJSON(map[string]any{
		"origin": c.Origin, "treeSize": c.Size, "root": root,
		"firstSeq": first, "lastSeq": last, "entries": entries, "excluded": len(p.Excluded),
	})
}

func readEntries(path string, leaves map[uint64][]byte) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		var e struct {
			Seq  uint64 `json:"seq"`
			Hash string `json:"hash"`
		}
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return 0, fmt.Errorf("entries.ndjson line %d: %w", n+1, err)
		}
		l, err := leafOf(e.Hash)
		if err != nil {
			return 0, fmt.Errorf("entries.ndjson seq %d: %w", e.Seq, err)
		}
		if _, dup := leaves[e.Seq]; dup {
			return 0, fmt.Errorf("entries.ndjson has seq %d twice", e.Seq)
		}
		leaves[e.Seq] = l
		n++
	}
	return n, sc.Err()
}

// ---- api ----

type client struct {
	base, key string
	http      *http.Client
	requests  int
}

func (c *client) get(path string, out any) ([]byte, error) {
	req, err := http.NewRequest("GET", c.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-API-Key", c.key)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	c.requests++
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
	}
	return body, nil
}

func parseList(s string) ([]uint64, error) {
	var out []uint64
	for _, f := range strings.Split(s, ",") {
		if f == "" {
			continue
		}
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func runAPI(args []string) error {
	fs := flag.NewFlagSet("api", flag.ExitOnError)
	base := fs.String("url", "", "api base URL, e.g. http://127.0.0.1:8080/api/v1")
	key := fs.String("key", "", "API key (X-API-Key)")
	origin := fs.String("origin", "", "expected checkpoint origin")
	sizesFlag := fs.String("sizes", "", "tree sizes: a checkpoint and an inclusion proof of every leaf for each")
	pairsFlag := fs.String("pairs", "", "consistency proofs, from:to,from:to")
	fs.Parse(args)
	c := &client{base: strings.TrimSuffix(*base, "/"), key: *key, http: &http.Client{}}

	var keys struct {
		Items []struct {
			Active          bool   `json:"active"`
			NoteVerifierKey string `json:"noteVerifierKey"`
		} `json:"items"`
	}
	if _, err := c.get("/signing-keys", &keys); err != nil {
		return err
	}
	var vkey string
	for _, k := range keys.Items {
		if k.Active {
			vkey = k.NoteVerifierKey
		}
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return fmt.Errorf("noteVerifierKey %q: %w", vkey, err)
	}

	var leaves [][]byte
	token := ""
	for {
		var page struct {
			Items []struct {
				Seq  uint64 `json:"seq"`
				Hash string `json:"hash"`
			} `json:"items"`
			NextPageToken *string `json:"nextPageToken"`
		}
		path := "/ledger/entries?pageSize=200"
		if token != "" {
			path += "&pageToken=" + url.QueryEscape(token)
		}
		if _, err := c.get(path, &page); err != nil {
			return err
		}
		for _, e := range page.Items {
			if e.Seq != uint64(len(leaves))+1 {
				return fmt.Errorf("entries: seq %d after %d", e.Seq, len(leaves))
			}
			l, err := leafOf(e.Hash)
			if err != nil {
				return err
			}
			leaves = append(leaves, l)
		}
		if page.NextPageToken == nil {
			break
		}
		token = *page.NextPageToken
	}

	sizes, err := parseList(*sizesFlag)
	if err != nil {
		return err
	}
	var pairs [][2]uint64
	for _, p := range strings.Split(*pairsFlag, ",") {
		if p == "" {
			continue
		}
		ab, err := parseList(strings.ReplaceAll(p, ":", ","))
		if err != nil || len(ab) != 2 {
			return fmt.Errorf("pair %q", p)
		}
		pairs = append(pairs, [2]uint64{ab[0], ab[1]})
	}

	checkpoints := map[uint64]checkpoint{}
	fetch := func(size uint64) (checkpoint, error) {
		if cp, ok := checkpoints[size]; ok {
			return cp, nil
		}
		body, err := c.get(fmt.Sprintf("/ledger/checkpoint?treeSize=%d", size), nil)
		if err != nil {
			return checkpoint{}, err
		}
		cp, err := openCheckpoint(body, verifier)
		if err != nil {
			return checkpoint{}, err
		}
		if cp.Size != size || cp.Origin != *origin {
			return checkpoint{}, fmt.Errorf("checkpoint of size %d is %q, size %d", size, cp.Origin, cp.Size)
		}
		if size > uint64(len(leaves)) {
			return checkpoint{}, fmt.Errorf("size %d is beyond the %d entries read", size, len(leaves))
		}
		root, err := rootOf(leaves[:size])
		if err != nil {
			return checkpoint{}, err
		}
		if !bytes.Equal(root, cp.Root) {
			return checkpoint{}, fmt.Errorf("size %d: the checkpoint's root is not the root of the entries", size)
		}
		checkpoints[size] = cp
		return cp, nil
	}

	roots := map[string][]byte{}
	inclusion := 0
	for _, size := range sizes {
		cp, err := fetch(size)
		if err != nil {
			return err
		}
		roots[strconv.FormatUint(size, 10)] = cp.Root
		for i := uint64(0); i < size; i++ {
			var p struct {
				LeafIndex uint64   `json:"leafIndex"`
				TreeSize  uint64   `json:"treeSize"`
				Hashes    []string `json:"hashes"`
			}
			if _, err := c.get(fmt.Sprintf("/ledger/proofs/inclusion?seq=%d&treeSize=%d", i+1, size), &p); err != nil {
				return err
			}
			if p.LeafIndex != i || p.TreeSize != size {
				return fmt.Errorf("inclusion proof of seq %d answers leafIndex %d, treeSize %d", i+1, p.LeafIndex, p.TreeSize)
			}
			hashes, err := decodeHashes(p.Hashes)
			if err != nil {
				return err
			}
			if err := proof.VerifyInclusion(hasher, i, size, leaves[i], hashes, cp.Root); err != nil {
				return fmt.Errorf("inclusion of seq %d in size %d: %w", i+1, size, err)
			}
			inclusion++
		}
	}
	consistency := 0
	for _, pr := range pairs {
		a, err := fetch(pr[0])
		if err != nil {
			return err
		}
		b, err := fetch(pr[1])
		if err != nil {
			return err
		}
		roots[strconv.FormatUint(pr[0], 10)] = a.Root
		roots[strconv.FormatUint(pr[1], 10)] = b.Root
		var p struct {
			FromSize uint64   `json:"fromSize"`
			ToSize   uint64   `json:"toSize"`
			Hashes   []string `json:"hashes"`
		}
		if _, err := c.get(fmt.Sprintf("/ledger/proofs/consistency?fromSize=%d&toSize=%d", pr[0], pr[1]), &p); err != nil {
			return err
		}
		if p.FromSize != pr[0] || p.ToSize != pr[1] {
			return fmt.Errorf("consistency proof %d:%d answers %d:%d", pr[0], pr[1], p.FromSize, p.ToSize)
		}
		hashes, err := decodeHashes(p.Hashes)
		if err != nil {
			return err
		}
		if err := proof.VerifyConsistency(hasher, pr[0], pr[1], hashes, a.Root, b.Root); err != nil {
			return fmt.Errorf("consistency %d -> %d: %w", pr[0], pr[1], err)
		}
		consistency++
	}
	return printJSON(map[string]any{
		"noteVerifierKey":           vkey,
		"keyName":                   verifier.Name(),
		"keyHash":                   fmt.Sprintf("%08x", verifier.KeyHash()),
		"entries":                   len(leaves),
		"roots":                     roots,
		"inclusionProofsVerified":   inclusion,
		"consistencyProofsVerified": consistency,
		"requests":                  c.requests,
	})
}
