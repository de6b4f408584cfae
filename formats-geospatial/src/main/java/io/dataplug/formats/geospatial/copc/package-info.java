/**
 * COPC (Cloud Optimized Point Cloud, COPC 1.0): a LAS 1.4 / LAZ file whose chunks are the nodes of
 * an octree.
 *
 * <p>The model: {@link io.dataplug.formats.geospatial.copc.CopcInfo} is the {@code copc}/1 info VLR
 * (the octree's root cube, spacing and root hierarchy page); {@link
 * io.dataplug.formats.geospatial.copc.CopcHierarchy} loads hierarchy pages lazily, each a list of
 * 32-byte entries that are either {@linkplain io.dataplug.formats.geospatial.copc.CopcNode nodes}
 * (a LAZ chunk with its point count, keyed by {@linkplain
 * io.dataplug.formats.geospatial.copc.CopcKey depth and x, y, z}) or references to child pages. A
 * node decodes as one LAZ chunk ({@link io.dataplug.formats.geospatial.las.LazChunks}).
 *
 * <p>Hierarchy order is not file order, and a node's cube is its key's cube: the points of a node
 * are the points of its chunk, not the points that lie in its cube.
 */
@NullMarked
package io.dataplug.formats.geospatial.copc;

import org.jspecify.annotations.NullMarked;
