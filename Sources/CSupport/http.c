#define _GNU_SOURCE
#include "CSupport.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libcurl is loaded on first use: linking it would load ~30 shared libraries into every
   slipway process, including the post-receive hook whose latency we measure. */
typedef CURLcode (*global_init_fn)(long);
typedef CURL *(*easy_init_fn)(void);
typedef CURLcode (*easy_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*easy_perform_fn)(CURL *);
typedef CURLcode (*easy_getinfo_fn)(CURL *, CURLINFO, ...);
typedef void (*easy_cleanup_fn)(CURL *);
typedef struct curl_slist *(*slist_append_fn)(struct curl_slist *, const char *);
typedef void (*slist_free_all_fn)(struct curl_slist *);
typedef const char *(*easy_strerror_fn)(CURLcode);

static struct {
    int loaded;
    char error[256];
    global_init_fn global_init;
    easy_init_fn easy_init;
    easy_setopt_fn easy_setopt;
    easy_perform_fn easy_perform;
    easy_getinfo_fn easy_getinfo;
    easy_cleanup_fn easy_cleanup;
    slist_append_fn slist_append;
    slist_free_all_fn slist_free_all;
    easy_strerror_fn easy_strerror;
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL};
    void *handle = NULL;
    for (int i = 0; names[i] && handle == NULL; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(curl.error, sizeof curl.error,
                 "libcurl is not installed (tried libcurl.so.4 and libcurl-gnutls.so.4); install it with: apt-get install libcurl4");
        return;
    }
    curl.global_init = (global_init_fn)dlsym(handle, "curl_global_init");
    curl.easy_init = (easy_init_fn)dlsym(handle, "curl_easy_init");
    curl.easy_setopt = (easy_setopt_fn)dlsym(handle, "curl_easy_setopt");
    curl.easy_perform = (easy_perform_fn)dlsym(handle, "curl_easy_perform");
    curl.easy_getinfo = (easy_getinfo_fn)dlsym(handle, "curl_easy_getinfo");
    curl.easy_cleanup = (easy_cleanup_fn)dlsym(handle, "curl_easy_cleanup");
    curl.slist_append = (slist_append_fn)dlsym(handle, "curl_slist_append");
    curl.slist_free_all = (slist_free_all_fn)dlsym(handle, "curl_slist_free_all");
    curl.easy_strerror = (easy_strerror_fn)dlsym(handle, "curl_easy_strerror");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo ||
        !curl.easy_cleanup || !curl.slist_append || !curl.slist_free_all || !curl.easy_strerror) {
        snprintf(curl.error, sizeof curl.error, "the libcurl found lacks required functions");
        return;
    }
    curl.global_init(CURL_GLOBAL_ALL);
    curl.loaded = 1;
}

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} buffer_t;

static int buffer_append(buffer_t *b, const char *data, size_t length) {
    if (b->length + length + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + length + 1) capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (grown == NULL) return -1;
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, length);
    b->length += length;
    b->data[b->length] = 0;
    return 0;
}

static size_t write_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
    size_t total = size * nmemb;
    return buffer_append((buffer_t *)userdata, ptr, total) == 0 ? total : 0;
}

int slipway_http_perform(const slipway_http_request *request, slipway_http_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&curl_once, load_curl);
    if (!curl.loaded) {
        snprintf(response->error, sizeof response->error, "%s", curl.error);
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(response->error, sizeof response->error, "curl_easy_init failed");
        return -1;
    }
    buffer_t body = {0}, headers = {0};
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < request->header_count; i++) list = curl.slist_append(list, request->headers[i]);
    /* Do not let curl add "Expect: 100-continue"; AWS signatures cover exact headers. */
    list = curl.slist_append(list, "Expect:");

    curl.easy_setopt(handle, CURLOPT_URL, request->url);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request->method);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &body);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, write_body);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, &headers);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, request->timeout_ms > 0 ? request->timeout_ms : 30000L);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     request->connect_timeout_ms > 0 ? request->connect_timeout_ms : 10000L);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (request->unix_socket != NULL) curl.easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, request->unix_socket);
    if (request->no_body) curl.easy_setopt(handle, CURLOPT_NOBODY, 1L);
    if (request->body != NULL || strcmp(request->method, "POST") == 0 || strcmp(request->method, "PUT") == 0) {
        curl.easy_setopt(handle, CURLOPT_POSTFIELDS, request->body ? request->body : "");
        curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        /* POSTFIELDS switches the method to POST; keep the one asked for. */
        curl.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request->method);
    }
    CURLcode code = curl.easy_perform(handle);
    int result = 0;
    if (code != CURLE_OK) {
        snprintf(response->error, sizeof response->error, "%s", curl.easy_strerror(code));
        result = (int)code;
        free(body.data);
        free(headers.data);
    } else {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response->status);
        response->body = body.data;
        response->body_length = body.length;
        response->headers = headers.data;
        response->headers_length = headers.length;
    }
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
    return result;
}

void slipway_http_response_free(slipway_http_response *response) {
    free(response->body);
    free(response->headers);
    response->body = NULL;
    response->headers = NULL;
}
