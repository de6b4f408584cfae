/**
 * Digital elevation models of LiDAR point clouds: the {@code dem} job ({@link
 * io.dataplug.formats.geospatial.dem.DemJob}) computes an {@link
 * io.dataplug.formats.geospatial.dem.ElevationGrid} tile by tile over the {@code las} format's
 * buffered tiles, and writes it as a Float32 GeoTIFF (our own small writer, georeferenced with the
 * point cloud's GeoKeys) and as a shaded-relief PNG.
 */
@NullMarked
package io.dataplug.formats.geospatial.dem;

import org.jspecify.annotations.NullMarked;
