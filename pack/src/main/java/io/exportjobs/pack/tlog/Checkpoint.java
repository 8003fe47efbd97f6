package io.exportjobs.pack.tlog;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A C2SP {@code tlog-checkpoint} body: the origin (which log), the tree size and the base64 root,
 * one a line, each ending in a newline. Signed as a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] root) {

  private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is at least 0");
    }
    root = TreeHashes.requireHash(root, "a checkpoint's root").clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The note text: {@code <origin>\n<size>\n<base64 root>\n}. */
  public String text() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
  }

  /**
   * Opens a signed checkpoint as a verifier does: the note must carry a valid signature by one of
   * {@code keys} (see {@link SignedNote#open}), and its origin must be {@code origin}, the log the
   * verifier expects. Throws {@link ProofException} saying which check failed.
   */
  public static Checkpoint open(String note, String origin, Collection<NoteKey> keys) {
    Checkpoint checkpoint = parse(SignedNote.open(note, keys).text());
    if (!checkpoint.origin().equals(origin)) {
      throw new ProofException(
          "the checkpoint is of log " + checkpoint.origin() + ", not of " + origin);
    }
    return checkpoint;
  }

  /**
   * Reads a checkpoint's note text (the signed note's text, without signatures). Extension lines
   * after the root are allowed by C2SP, and ignored here; they must not be empty.
   */
  public static Checkpoint parse(String text) {
    if (text == null || !text.endsWith("\n")) {
      throw new ProofException("a checkpoint ends with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new ProofException("a checkpoint has an origin, a tree size and a root hash line");
    }
    for (String line : lines) {
      if (line.isEmpty()) {
        throw new ProofException("a checkpoint has no empty lines");
      }
    }
    if (!SIZE.matcher(lines[1]).matches()) {
      throw new ProofException(
          "a checkpoint's tree size is decimal without leading zeros: " + lines[1]);
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new ProofException("a checkpoint's tree size is too large: " + lines[1]);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new ProofException("a checkpoint's root is not base64: " + lines[2]);
    }
    if (root.length != TreeHashes.SIZE) {
      throw new ProofException("a checkpoint's root is not a SHA-256 hash (32 bytes)");
    }
    return new Checkpoint(lines[0], size, root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(root, c.root);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", " + size + ", " + HexFormat.of().formatHex(root) + "]";
  }
}
