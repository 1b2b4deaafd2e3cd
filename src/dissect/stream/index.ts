// The stream layer: TCP conversations in capture order, TPKTs and COTP TSDUs reassembled, facts per frame.
export {
  createStreamTracker,
  mapRanges,
  DEFAULT_CAPS,
  type StreamTracker,
  type StreamCaps,
  type TrackerUse,
} from './tracker';
export { createInOrderStream, DEFAULT_HOLD, type InOrderStream, type InOrderFrame } from './in-order';
export { dissectWithStream, payloadPlan, sourceBytes, type FrameBytes } from './frame';
export { tcpSegmentOf, type TcpSegment } from './segment';
export type * from './model';
