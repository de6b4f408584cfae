package io.dataplug.slice;

import java.io.Serializable;

/**
 * The format-specific context a worker needs to decode a slice (first record ordinal, header
 * length, checkpoint reference, ...). Implementations are small records of primitives and strings,
 * so they round-trip through JSON (by the type its format declares) and through Java serialization.
 */
public interface SliceHint extends Serializable {}
