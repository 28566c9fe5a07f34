/**
 * System notifications for alerts while the page is hidden. Permission is asked only from a user gesture (the
 * rule editor's button); through the service worker where there is one (Android shows notifications only so).
 */
import type { AlertText } from './alert-text';

export type NotificationState = NotificationPermission | 'unsupported';

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Call from a click handler. */
export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Shows it when the page is hidden and permission is granted; says whether it was shown. */
export async function notifyIfHidden(text: AlertText, tag: string): Promise<boolean> {
  if (!document.hidden || notificationState() !== 'granted') return false;
  const options: NotificationOptions = { body: text.body, tag, icon: '/icons/icon.svg' };
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  if (registration) await registration.showNotification(text.title, options);
  else new Notification(text.title, options);
  return true;
}
