/** The S3 store (AWS SDK v2; any S3-compatible endpoint) and the embedded S3 server. */
@NullMarked
package io.dataplug.storage.s3;

import org.jspecify.annotations.NullMarked;
