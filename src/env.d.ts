/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The response is for this visitor only: send Cache-Control: no-store. */
    private?: boolean;
    /** A GET endpoint under /api/ opted in to public caching (`servePublicly`). */
    publicEndpoint?: boolean;
    /** What the public page shows, for purging it from the page cache (`showsContent`). */
    cacheTags?: import('./server/http/page-cache.ts').CacheTag[];
    /** What the visitor typed, when a form is shown again with errors. */
    formInput?: Record<string, string | string[]>;
    /** The signed-in staff member on back-office requests (pending until the second factor). */
    staff?: {
      user: import('./features/auth/session.server.ts').StaffUser;
      session: import('./features/auth/session.server.ts').StaffSession;
    };
    /** The page (path and query) a person is asked to open on purpose: see requireChosenView. */
    confirmView?: string;
    /** Why a presented session cookie was not accepted, to explain a sign-in prompt. */
    staffSessionEnded?: 'missing' | 'expired' | 'idle_expired' | 'inactive';
  }
}
