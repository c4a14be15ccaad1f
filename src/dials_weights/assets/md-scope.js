/* Material for MkDocs 9.8.1's storage helpers (partials/javascripts/base.html, MIT licence), moved
   from an inline script into a file so the Content-Security-Policy can refuse every inline script.
   The site's root is found from this file's own address (assets/dials-weights/md-scope.js). */
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
