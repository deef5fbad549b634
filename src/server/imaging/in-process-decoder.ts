// Decoding on the calling thread: what routes use when no DecodePool is given (a store served without buildApp).
import { decodeFrame } from './decode-frame.js';
import type { FrameDecoder } from './decode-pool.js';
import { decodeToNative } from './decode-to-native.js';

export const inProcessDecoder: FrameDecoder = { decodeToNative, decodeFrame };
