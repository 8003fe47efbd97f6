package io.exportjobs.pack.verify;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@link ArchiveCheck} read from the archive, for the checks after it: the names of the files
 * it holds, the small files' bytes, every file's actual SHA-256, and entries.ndjson's figures.
 */
final class PackContents {

  /** The archive's own file name, blamed for problems of the container. */
  final String archiveName;

  /** Every file name seen in the archive (once each). */
  final Set<String> seen = new HashSet<>();

  /** The bytes of the small files (all but entries.ndjson and report.html), by name. */
  final Map<String, byte[]> small = new LinkedHashMap<>();

  /** Lower-case hex SHA-256 of each pack file as found, by name. */
  final Map<String, String> actual = new LinkedHashMap<>();

  /** entries.ndjson as read line by line; null when the archive holds none. */
  EntriesCheck entries;

  PackContents(String archiveName) {
    this.archiveName = archiveName;
  }
}
