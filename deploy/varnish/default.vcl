# Varnish in front of the fact-check tracker's app servers (Varnish 7 with vmod xkey from
# varnish-modules). What it keeps is what the app marks public: anonymous GET and HEAD
# answers with "Cache-Control: public" and their surrogate keys in "xkey". A request with a
# session cookie or an Authorization header goes to the app every time, and the app answers
# it "private, no-store". The app purges keys after every change:
#   PURGE / with "xkey-purge: claim-12 claims" (CACHE_PURGE_URL=varnish+http://varnish:6081/).
#
# The backend and the purgers' network are set for the loopback; a deployment edits them,
# or the test (tests/newsroom/test_varnish.py) rewrites them with its own ports.

vcl 4.1;

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers and workers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is for the app's own servers."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Say which keys to purge in xkey-purge."));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged + " objects."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in readers (and the admin, which only they use) always reach the app, and so
    # does a client that just wrote (fc_primary: it reads its own write from the primary).
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|fc_primary)=" || req.url ~ "^/admin/") {
        return (pass);
    }
    # Other cookies (the CSRF token of the tip form) do not change a public answer.
    unset req.http.Cookie;
    # The API's labels follow Accept-Language (pages carry their language in the address):
    # one copy per language the site speaks, not one per browser's header.
    if (req.url ~ "^/api/") {
        if (req.http.Accept-Language ~ "^\s*ru") {
            set req.http.Accept-Language = "ru";
        } elsif (req.http.Accept-Language ~ "^\s*kk") {
            set req.http.Accept-Language = "kk";
        } else {
            set req.http.Accept-Language = "en-gb";
        }
    } else {
        unset req.http.Accept-Language;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store)" || !beresp.http.Cache-Control ~ "public") {
        # Never stored; remembered as "pass" for a short while so requests are not queued.
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # A stale copy may be served while a fresh one is fetched, and for a while if the app
    # is down (the app's stale-while-revalidate sets the usual grace).
    if (beresp.grace < 10s) {
        set beresp.grace = 10s;
    }
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # The keys are for this cache; readers need not see them.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    # Browsers keep public pages for max-age; s-maxage was for this cache.
    if (resp.http.Cache-Control ~ "public") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, ",\s*s-maxage=[0-9]+", "");
    }
}
