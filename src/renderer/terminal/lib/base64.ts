/** base64 <-> bytes without Node (the contract carries terminal data as base64 strings). */
export function base64ToBytes(data: string): Uint8Array {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** xterm's onBinary gives a "binary string" (one char per byte). */
export function binaryStringToBase64(data: string): string {
  return btoa(data);
}
