package io.dataplug.formats.geospatial.copc;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One loaded hierarchy page.
 *
 * @param ref the reference it was loaded from
 * @param nodes its node entries (point count ≥ 0), in page order
 * @param children its child page references (point count −1), in page order
 */
public record CopcPage(CopcPageRef ref, List<CopcNode> nodes, List<CopcPageRef> children) {

  public CopcPage {
    requireNonNull(ref, "ref is null");
    nodes = List.copyOf(nodes);
    children = List.copyOf(children);
  }
}
