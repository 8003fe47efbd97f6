package io.exportjobs.pack.tlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How the tree is stored, in the manner of C2SP tlog-tiles: tile {@code (L, I)} holds the hashes of
 * the nodes at tree level {@code 8·L}, indices {@code [256·I, 256·I + w)}, concatenated (32 bytes
 * each, {@code w} at most 256). The 7 levels above a tile's bottom row are not stored: a node there
 * is the root of at most 128 of the tile's hashes. A tree of N leaves has full tiles and at most
 * one partial tile per level, the rightmost; tiles only ever grow, and a node's hash never changes,
 * so every older tree size is served from the same tiles.
 */
public final class Tiles {

  public static final int HEIGHT = 8;
  public static final int WIDTH = 1 << HEIGHT;

  private Tiles() {}

  /** A tile: its level {@code L} (tree level {@code 8·L}) and index. */
  public record TileId(int level, long index) {}

  /** A tile to write: {@code existed} when it is the partial tile the tree had before. */
  public record TileWrite(TileId id, byte[] hashes, boolean existed) {}

  /** The tile that holds what node {@code id} is computed from. */
  public static TileId tileOf(NodeId id) {
    int level = id.level() / HEIGHT;
    int height = id.level() % HEIGHT;
    return new TileId(level, (id.index() << height) >>> HEIGHT);
  }

  /** The hash of node {@code id}, from the hashes of its tile; fails if the tile is too short. */
  public static byte[] nodeHash(NodeId id, byte[] tile) {
    int height = id.level() % HEIGHT;
    TileId tileId = tileOf(id);
    int from = (int) ((id.index() << height) - tileId.index() * WIDTH);
    int count = 1 << height;
    if (tile == null || tile.length < (from + count) * TreeHashes.SIZE) {
      throw new IllegalStateException("tile " + tileId + " does not hold node " + id);
    }
    byte[][] bottom = new byte[count][];
    for (int i = 0; i < count; i++) {
      int at = (from + i) * TreeHashes.SIZE;
      bottom[i] = java.util.Arrays.copyOfRange(tile, at, at + TreeHashes.SIZE);
    }
    return TreeHashes.perfectRoot(bottom, 0, count);
  }

  /**
   * A {@link NodeReader} over stored tiles: {@code fetch} answers the tiles asked for (those it
   * lacks are left out), all at once.
   */
  public static NodeReader reader(Function<Set<TileId>, Map<TileId, byte[]>> fetch) {
    return nodes -> {
      Set<TileId> needed = new LinkedHashSet<>();
      for (NodeId id : nodes) {
        needed.add(tileOf(id));
      }
      Map<TileId, byte[]> tiles = fetch.apply(needed);
      Map<NodeId, byte[]> hashes = new HashMap<>();
      for (NodeId id : nodes) {
        TileId tile = tileOf(id);
        if (!tiles.containsKey(tile)) {
          throw new IllegalStateException("tile " + tile + " is missing for node " + id);
        }
        hashes.put(id, nodeHash(id, tiles.get(tile)));
      }
      return hashes;
    };
  }

  /** The partial tiles of a tree of {@code size} leaves, with how many hashes each holds. */
  public static List<TileWidth> partialTiles(long size) {
    List<TileWidth> partial = new ArrayList<>();
    for (int level = 0; (size >>> (HEIGHT * level)) > 0; level++) {
      long count = size >>> (HEIGHT * level);
      if (count % WIDTH != 0) {
        partial.add(new TileWidth(new TileId(level, count / WIDTH), (int) (count % WIDTH)));
      }
    }
    return partial;
  }

  /** A tile and the number of hashes it holds. */
  public record TileWidth(TileId id, int width) {}

  /**
   * The tiles to write when {@code leafHashes} are appended to a tree of {@code oldSize} leaves:
   * the partial tiles grow (or fill), new tiles start, and every tile that fills adds its root to
   * the level above. {@code partialTile} answers the current hashes of a partial tile of {@link
   * #partialTiles}.
   */
  public static List<TileWrite> append(
      long oldSize, List<byte[]> leafHashes, Function<TileId, byte[]> partialTile) {
    List<TileWrite> writes = new ArrayList<>();
    List<byte[]> row = leafHashes;
    long oldCount = oldSize;
    for (int level = 0; !row.isEmpty(); level++) {
      long firstTile = oldCount / WIDTH;
      int offset = (int) (oldCount % WIDTH);
      List<byte[]> hashes = new ArrayList<>(offset + row.size());
      if (offset > 0) {
        TileId id = new TileId(level, firstTile);
        byte[] existing = partialTile.apply(id);
        if (existing == null || existing.length != offset * TreeHashes.SIZE) {
          throw new IllegalStateException(
              "tile " + id + " should hold " + offset + " hashes for a tree of " + oldSize);
        }
        hashes.addAll(List.of(split(existing)));
      }
      hashes.addAll(row);
      List<byte[]> next = new ArrayList<>();
      for (int start = 0; start < hashes.size(); start += WIDTH) {
        int width = Math.min(WIDTH, hashes.size() - start);
        byte[][] tile = hashes.subList(start, start + width).toArray(new byte[0][]);
        long index = firstTile + start / WIDTH;
        writes.add(new TileWrite(new TileId(level, index), join(tile), start == 0 && offset > 0));
        if (width == WIDTH) {
          next.add(TreeHashes.perfectRoot(tile, 0, WIDTH));
        }
      }
      row = next;
      oldCount = firstTile;
    }
    return writes;
  }

  static byte[][] split(byte[] tile) {
    byte[][] hashes = new byte[tile.length / TreeHashes.SIZE][];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = new byte[TreeHashes.SIZE];
      System.arraycopy(tile, i * TreeHashes.SIZE, hashes[i], 0, TreeHashes.SIZE);
    }
    return hashes;
  }

  static byte[] join(byte[][] hashes) {
    byte[] tile = new byte[hashes.length * TreeHashes.SIZE];
    for (int i = 0; i < hashes.length; i++) {
      System.arraycopy(hashes[i], 0, tile, i * TreeHashes.SIZE, TreeHashes.SIZE);
    }
    return tile;
  }
}
