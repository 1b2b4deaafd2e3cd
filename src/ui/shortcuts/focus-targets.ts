/**
 * Element ids the shortcuts reach: "/" focuses the capture's display filter, else the input box; "e" the Expert tab;
 * the Go to and Find bars give the packet list the focus back.
 */
export const FILTER_INPUT_ID = 'display-filter';
export const INPUT_BOX_ID = 'frame-input';
export const EXPERT_TAB_ID = 'expert-tab';
export const PACKET_LIST_ID = 'packet-list';
