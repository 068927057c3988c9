package io.sugarbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Chores the benchmarks share: deleting a work directory, reading a list flag. */
final class BenchFiles {
  private BenchFiles() {}

  /** Deletes {@code root} and everything below it; nothing when it does not exist. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * A comma-separated list of whole numbers, e.g. {@code 1,4,8}.
   *
   * @throws NumberFormatException for an element that is not one
   */
  static List<Integer> intList(String value) {
    List<Integer> l = new ArrayList<>();
    for (String s : value.split(",")) {
      l.add(Integer.parseInt(s.trim()));
    }
    return List.copyOf(l);
  }
}
