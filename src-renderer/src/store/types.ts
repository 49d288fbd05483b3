import type { StateCreator } from 'zustand';
import type { Store } from './index';

/** A slice creator over the combined store. */
export type Slice<T> = StateCreator<Store, [], [], T>;
