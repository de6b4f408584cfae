/**
 * LAS and LAZ point clouds (ASPRS LAS 1.0–1.4, LASzip-compressed LAZ), read through a {@link
 * io.dataplug.storage.RangeReader}.
 *
 * <p>The model: {@link io.dataplug.formats.geospatial.las.LasHeader#read} parses the public header,
 * the VLRs and EVLRs (their payloads are read only when asked for), the laszip VLR and the Extra
 * Bytes descriptors, and checks every offset and count against the object's size. Points come out
 * as columnar {@link io.dataplug.formats.geospatial.las.PointBatch}es: {@link
 * io.dataplug.formats.geospatial.las.LasPoints} decodes uncompressed point records, {@link
 * io.dataplug.formats.geospatial.las.LazChunkTable} lists the independently decodable chunks of a
 * LAZ file and {@link io.dataplug.formats.geospatial.las.LazChunks} decodes one chunk on its own
 * (with laszip4j).
 *
 * <p>All multi-byte values are little-endian; all offsets are absolute, zero-based byte offsets in
 * the object. Bad data raises {@link io.dataplug.storage.MalformedDataException} whose message
 * names the object and the byte offset of the bad value.
 */
@NullMarked
package io.dataplug.formats.geospatial.las;

import org.jspecify.annotations.NullMarked;
