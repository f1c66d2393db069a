#include <ldap.h>
#include <string.h>
#include <sys/time.h>

/* One LDAP simple bind: returns LDAP_SUCCESS (0) when `dn` / `password` are accepted by
   the server at `uri`, an LDAP result code otherwise. Written in C because the OpenLDAP
   option calls are variadic-style void* APIs that read better here. */
static inline int coalition_ldap_simple_bind(const char *uri, const char *dn, const char *password, int timeoutSeconds) {
    LDAP *ld = NULL;
    int rc = ldap_initialize(&ld, uri);
    if (rc != LDAP_SUCCESS) return rc;
    int version = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    struct timeval timeout = { timeoutSeconds, 0 };
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &timeout);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    struct berval credentials;
    credentials.bv_val = (char *)password;
    credentials.bv_len = strlen(password);
    rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
    ldap_unbind_ext_s(ld, NULL, NULL);
    return rc;
}
