// oidc-provider ships no type declarations; the tests use it through a narrow cast.
declare module 'oidc-provider';
