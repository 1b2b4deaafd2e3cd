// The stream layer: TCP conversations in capture order, TPKTs and COTP TSDUs reassembled, facts per frame.
export { createStreamTracker, DEFAULT_CAPS, type StreamTracker, type StreamCaps, type TrackerUse } from './tracker';
export { mapRanges } from './tsdu';
export { STREAM_IDS, STREAM_WANTS } from './ids';
export { createInOrderStream, DEFAULT_HOLD, type InOrderStream, type InOrderFrame, type InOrderUse } from './in-order';
export { dissectWithStream, dissectWithStreamLean, payloadPlan, sourceBytes, type FrameBytes } from './frame';
export { tcpSegmentOf, type TcpSegment } from './segment';
export type * from './model';
