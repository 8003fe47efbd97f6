package io.exportjobs.pack.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.tlog.TreeHashes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LeavesTest {

  @Test
  void holdsEverySeqAndHashInFileOrderAcrossChunks() {
    Leaves leaves = new Leaves();
    int n = 2 * Leaves.CHUNK + 3;
    for (int i = 0; i < n; i++) {
      leaves.add(1_000L + i, hashOf(i));
    }
    assertThat(leaves.size()).isEqualTo(n);
    for (int i : new int[] {0, 1, Leaves.CHUNK - 1, Leaves.CHUNK, Leaves.CHUNK + 1, n - 1}) {
      assertThat(leaves.seq(i)).as("seq %d", i).isEqualTo(1_000L + i);
      assertThat(leaves.hash(i)).as("hash %d", i).isEqualTo(hashOf(i));
    }
  }

  private static byte[] hashOf(int i) {
    return ByteBuffer.allocate(TreeHashes.SIZE).putInt(i).putInt(TreeHashes.SIZE - 4, ~i).array();
  }
}
