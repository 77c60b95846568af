/**
 * The one error readUploadedModel throws for a model it cannot open: its message is what the student
 * reads (what is wrong, which file or layer, what to do), so it never needs rewording by the caller.
 */
export class UploadError extends Error {
  override name = 'UploadError';
}
