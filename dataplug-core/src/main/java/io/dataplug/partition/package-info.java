/**
 * Partition requests: the sealed family of typed ways to cut an object ({@link
 * io.dataplug.partition.PartitionRequest}), which formats declare they support.
 */
@NullMarked
package io.dataplug.partition;

import org.jspecify.annotations.NullMarked;
