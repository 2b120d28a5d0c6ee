// OpenSSL's libcrypto (libssl-dev), for HMAC-SHA256 signatures of Jupyter messages.
#include <openssl/evp.h>
#include <openssl/hmac.h>
