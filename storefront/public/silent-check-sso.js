// Keycloak answers the storefront's silent sign-in check in a hidden frame with this page: hand the answer over.
parent.postMessage(location.href, location.origin);
