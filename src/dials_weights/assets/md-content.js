/* Material for MkDocs 9.8.1 (partials/javascripts/content.html, MIT licence), as a file instead of an
   inline script (Content-Security-Policy): opens the content tab a link's #fragment points at. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
