/*
 * fcgi_hello.c: the benchmark's FastCGI ceiling: the least a libfcgi worker
 * can do per request (accept, answer a fixed body, finish), started by
 * spawn-fcgi exactly like peba-fcgi. Accepts and ignores --config FILE so the
 * stack scripts can start it in peba-fcgi's place.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

/* The size of a typical cached answer (retrieveAlertsCount). */
static const char body[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><EWSSimpleIPInfo>\n"
                           "  <AlertCount>12345</AlertCount>\n</EWSSimpleIPInfo>\n";

static void on_term(int sig)
{
    (void)sig;
    FCGX_ShutdownPending();
}

int main(int argc, char **argv)
{
    FCGX_Request req;
    struct sigaction sa;
    char head[128];

    if (!(argc == 1 || (argc == 3 && strcmp(argv[1], "--config") == 0))) {
        fprintf(stderr, "usage: fcgi_hello [--config IGNORED]   (FastCGI socket on fd 0)\n");
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term; /* no SA_RESTART: a blocked accept returns and the loop ends */
    sigaction(SIGTERM, &sa, NULL);
    if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
        return 1;
    snprintf(head, sizeof head,
             "Status: 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n",
             sizeof body - 1);
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_PutS(head, req.out);
        FCGX_PutStr(body, (int)sizeof body - 1, req.out);
        FCGX_Finish_r(&req);
    }
    return 0;
}
