#ifndef MEKONG_CCURL_SHIM_H
#define MEKONG_CCURL_SHIM_H

#include <curl/curl.h>

/* libcurl's setopt and getinfo are variadic, which Swift cannot call.
   These typed wrappers are the only way Mekong reaches them. */

static inline CURLcode mekong_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode mekong_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode mekong_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode mekong_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*mekong_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode mekong_curl_easy_setopt_write_function(CURL *handle, CURLoption option, mekong_curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode mekong_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode mekong_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode mekong_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

#endif
