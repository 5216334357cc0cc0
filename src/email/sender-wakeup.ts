import { EventEmitter } from 'node:events';

const bus = new EventEmitter();
bus.setMaxListeners(100);

/** Tell this process's sender workers that sends were queued (other processes find them by polling). */
export function wakeSenders(): void {
  bus.emit('wake');
}

/** Listen for wake-ups; returns the function that stops listening. */
export function onSendersWake(listener: () => void): () => void {
  bus.on('wake', listener);
  return () => bus.off('wake', listener);
}
