package io.dataplug.formats.geospatial.las;

/**
 * Three doubles, one per axis: a scale factor, an offset or a point.
 *
 * @param x the x value
 * @param y the y value
 * @param z the z value
 */
public record Xyz(double x, double y, double z) {}
