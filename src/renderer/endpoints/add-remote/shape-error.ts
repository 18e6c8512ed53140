import { BcmError, type ErrorShape } from '../../../shared/errors';

export function shapeToError(shape: ErrorShape): BcmError {
  return BcmError.fromShape(shape);
}
