import http.server,sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n=int(self.headers.get('Content-Length',0)); b=self.rfile.read(n)
        open('/tmp/nu-posts.txt','a').write(self.path+' '+str(self.headers.get('X-Log-Alerts-Signature'))+' '+b[:80].decode()+'\n')
        code=int(self.path.strip('/').split('/')[0] or 200) if self.path.strip('/').split('/')[0].isdigit() else 200
        self.send_response(code); self.end_headers()
    def log_message(self,*a): pass
http.server.HTTPServer(('127.0.0.1',int(sys.argv[1])),H).serve_forever()
